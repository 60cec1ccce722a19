// The AudioCodes device client, fleet runner and simulator arrive with the device-push issue.
// The package exists now so the workspace layout and dependency direction are fixed from the start.
export {};
