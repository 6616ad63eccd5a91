// Starts the benchmark's child processes and makes sure none outlives the run, even after an error or
// Ctrl-C. Children are tracked by PID and killed one by one.
import { spawn } from 'node:child_process';

const liveChildren = new Set();
const OUTPUT_TAIL_CHARS = 4000;

/** Spawns `command`, remembering it for cleanup; `output()` returns the tail of its stdout and stderr. */
export function startChild(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let outputTail = '';
  const keepTail = (part) => {
    outputTail = (outputTail + part.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  liveChildren.add(child);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
    child.on('error', (error) => {
      liveChildren.delete(child);
      outputTail += `\n${error.message}`;
      resolve({ code: null, signal: null });
    });
  });
  return { child, exited, output: () => outputTail };
}

/** Resolves with the first stdout line that satisfies `test`; rejects if the child exits or time runs out. */
export function waitForLine(handle, test, timeoutMs, label) {
  return new Promise((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${label} did not start within ${timeoutMs} ms. Output:\n${handle.output()}`));
    }, timeoutMs);
    const onData = (part) => {
      pending += part.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop();
      const match = lines.find(test);
      if (match === undefined) return;
      finish();
      resolve(match);
    };
    const onExit = () => {
      finish();
      reject(new Error(`${label} exited before it was ready. Output:\n${handle.output()}`));
    };
    const finish = () => {
      clearTimeout(timer);
      handle.child.stdout.off('data', onData);
      handle.child.off('exit', onExit);
    };
    handle.child.stdout.on('data', onData);
    handle.child.on('exit', onExit);
  });
}

/** Sends SIGTERM and waits; SIGKILL if the child is still there after `graceMs`. */
export async function stopChild(handle, graceMs = 5000) {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) return;
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => handle.child.kill('SIGKILL'), graceMs);
  await handle.exited;
  clearTimeout(timer);
}

/** Synchronous, so it also works inside a process 'exit' handler. */
export function killAllChildren() {
  for (const child of liveChildren) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // Already gone between the exit event and now.
    }
  }
  liveChildren.clear();
}
