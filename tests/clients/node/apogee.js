'use strict';
// One `apogee standalone` per test on an ephemeral port, plus client helpers.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { once } = require('node:events');
const { setTimeout: sleep } = require('node:timers/promises');

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const POLL_MS = 50; // poll interval, not a readiness guess

// The server reads APOGEE_* variables as configuration and rejects unknown keys.
function serverEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([ k ]) => !k.startsWith('APOGEE_')));
  return { RUST_LOG: 'info', ...env, NO_COLOR: '1', ...extra };
}

function binary() {
  const bin = process.env.APOGEE_BIN;
  if (!bin) throw new Error('APOGEE_BIN is not set (run tests/clients/run.sh)');
  return bin;
}

function logsDir() {
  const dir = process.env.APOGEE_LOGS || path.join(os.tmpdir(), 'apogee-node-logs');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Starts a server; `env` adds server settings (APOGEE_BROKER__...). Call stop() at the end. */
async function startServer(name, env = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `apogee-node-${name}-`));
  const ready = path.join(dir, 'ready');
  const logPath = path.join(logsDir(), `${name}.apogee.log`);
  const log = fs.openSync(logPath, 'w');
  const proc = spawn(binary(), [ 'standalone', '--listen', '127.0.0.1:0',
    '--data-dir', path.join(dir, 'data'), '--ready-file', ready ], {
    env: serverEnv(env), stdio: [ 'ignore', log, log ],
  });
  const exited = once(proc, 'exit');
  let endpoint = '';
  const deadline = Date.now() + READY_TIMEOUT_MS;
  // Readiness = the server wrote its bound address into the ready file.
  while (!endpoint) {
    if (proc.exitCode !== null) throw new Error(`apogee exited early (${proc.exitCode}); log ${logPath}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`apogee not ready after ${READY_TIMEOUT_MS} ms; log ${logPath}`);
    }
    if (fs.existsSync(ready)) endpoint = fs.readFileSync(ready, 'utf8').trim();
    if (!endpoint) await sleep(POLL_MS);
  }

  return {
    endpoint,
    log: logPath,
    /** `apogee admin ARGS --json`; returns its parsed output (null when it printed nothing). */
    admin(...args) {
      const out = execFileSync(binary(), [ 'admin', '--endpoint', `http://${endpoint}`, ...args, '--json' ],
        { env: serverEnv(), timeout: 30_000, stdio: 'pipe', encoding: 'utf8' });
      return out.trim() ? JSON.parse(out) : null;
    },
    // A clean exit on SIGTERM is part of what is tested.
    async stop() {
      proc.kill('SIGTERM');
      const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
      const result = await Promise.race([ exited, timer ]);
      fs.closeSync(log);
      if (result === 'timeout') {
        proc.kill('SIGKILL');
        throw new Error(`apogee did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM; log ${logPath}`);
      }
      fs.rmSync(dir, { recursive: true, force: true });
      const [ code, signal ] = result;
      if (code !== 0) throw new Error(`apogee exited with ${code ?? signal} after SIGTERM; log ${logPath}`);
    },
  };
}

/** The client logs to ~/logs/rocketmq by default; this keeps its log with the server logs. */
function clientLogger() {
  const out = fs.createWriteStream(path.join(logsDir(), 'client.log'), { flags: 'a' });
  const write = level => (...args) => out.write(`${new Date().toISOString()} ${level} ${require('node:util').format(...args)}\n`);
  return { info: write('INFO'), warn: write('WARN'), error: write('ERROR'), debug: write('DEBUG') };
}

function unique(prefix) {
  return `node-${prefix}-${Math.random().toString(16).slice(2, 10)}`;
}

/** Polls `done()` until true; fails with `describe()` after timeoutMs. */
async function waitUntil(done, timeoutMs, describe) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(POLL_MS);
  }
}

/** Runs `body(server, use)` against a fresh server; `use(client)` starts a client and shuts it down afterwards. */
async function withServer(name, env, body) {
  const server = await startServer(name, env);
  const clients = [];
  const use = async client => {
    clients.push(client);
    await client.startup();
    return client;
  };
  const errors = [];
  try {
    await body(server, use);
  } catch (err) {
    errors.push(err);
  }
  for (const client of clients.reverse()) {
    await client.shutdown().catch(err => errors.push(err));
  }
  await server.stop().catch(err => errors.push(err));
  if (errors.length) throw errors[0];
}

/** A throwaway CA and certificates signed by it (tests/clients/test-certs.sh); returns their directory. */
function testCertificates() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apogee-node-certs-'));
  execFileSync(path.join(__dirname, '..', 'test-certs.sh'), [ dir ], { stdio: 'pipe' });
  return dir;
}

module.exports = { startServer, withServer, clientLogger, unique, waitUntil, testCertificates };
