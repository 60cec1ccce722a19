// The client side of the device-push benchmark, in its own process so its peak memory is its own:
// runs `certwright <argv>` in-process with output discarded, then prints one JSON line.
import { runCli } from '../packages/cli/dist/index.js';

const argv = JSON.parse(process.argv[2] ?? '[]');
const sink = { write: () => true };
const io = {
  stdout: sink,
  stderr: sink,
  stdin: process.stdin,
  interactive: false,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
};
const started = performance.now();
const code = await runCli(argv, io);
const seconds = (performance.now() - started) / 1000;
// maxRSS is in KiB.
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(`${JSON.stringify({ code, seconds, cpuSeconds, maxRssMb: usage.maxRSS / 1024 })}\n`);
