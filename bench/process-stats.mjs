// CPU time and memory of a running process, read from Linux /proc (see proc(5)).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicksPerSecond;

// Read lazily so that importing this module cannot fail before run-bench has checked its tools.
function readClockTicksPerSecond() {
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return clockTicksPerSecond;
}

/** User plus system CPU time of every thread of `pid`, in milliseconds. */
export function readCpuTimeMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces, so count fields from the closing parenthesis;
  // utime and stime are fields 14 and 15, i.e. the 12th and 13th after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / readClockTicksPerSecond();
}

/** Current resident set (VmRSS) and its high-water mark (VmHWM), in megabytes. */
export function readMemoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const readKb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))[1]);
  return { rssMb: readKb('VmRSS') / 1024, peakRssMb: readKb('VmHWM') / 1024 };
}

/** Time `core` spent running processes, or stolen by the hypervisor, since boot, in ms, from /proc/stat. */
export function readCoreBusyMs(core) {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((text) => text.startsWith(`cpu${core} `));
  // Fields: user nice system idle iowait irq softirq steal. Interrupt time is left out: on a quiet machine
  // it is mostly the loopback traffic of the benchmark itself (about 8% of OPT's core), not other load.
  const [user, nice, system, , , , , steal] = line.split(/\s+/).slice(1, 9).map(Number);
  return ((user + nice + system + steal) * 1000) / readClockTicksPerSecond();
}
