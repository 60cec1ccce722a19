// `certwright-device-sim`: arrives with the simulator (issue 5).
process.stderr.write('certwright-device-sim: not built yet\n');
process.exitCode = 70;
