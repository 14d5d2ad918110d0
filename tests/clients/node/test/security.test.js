'use strict';
// The Node.js client over TLS, verifying the server against a test CA with host-name checks
// (scenario "tls"), and signing its requests to a server with authentication and ACL on
// (scenario "auth"). node --test runs each file in its own process, so the CA set below is
// the only root this process's gRPC ever loads.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { withServer, clientLogger, unique, testCertificates } = require('../apogee');

const CERTS = testCertificates();
// grpc-js reads its default roots from this file at the first TLS channel of the process.
process.env.GRPC_DEFAULT_SSL_ROOTS_FILE_PATH = path.join(CERTS, 'ca.crt');
const { Producer, SimpleConsumer } = require('rocketmq-client-nodejs');

const DEADLINE_MS = 60_000;
const AWAIT_MS = 2_000;
const INVISIBLE_MS = 15_000;
const logger = clientLogger();

const ADMIN = [ '--access-key', 'node-admin', '--secret-key', 'node-admin-secret' ];
const AUTH_ENV = {
  APOGEE_AUTH__ENABLED: 'true',
  APOGEE_AUTH__ADMIN_ACCESS_KEY: 'node-admin',
  APOGEE_AUTH__ADMIN_SECRET_KEY: 'node-admin-secret',
};

const tlsEnv = name => ({
  APOGEE_SERVER__TLS_MODE: 'enforcing',
  APOGEE_SERVER__TLS_CERT_PATH: path.join(CERTS, `${name}.crt`),
  APOGEE_SERVER__TLS_KEY_PATH: path.join(CERTS, `${name}.key`),
});

/** Sends three messages and receives and acks them all; returns the bodies received. */
async function roundTrip(server, use, extra) {
  const topic = unique('sec');
  const group = unique('sec-g');
  const options = { endpoints: server.endpoint, namespace: '', logger, ...extra };
  const consumer = await use(new SimpleConsumer({
    ...options, consumerGroup: group, subscriptions: new Map([[ topic, '*' ]]), awaitDuration: AWAIT_MS,
  }));
  const producer = await use(new Producer({ ...options, topics: [ topic ] }));
  for (let i = 0; i < 3; i++) {
    const receipt = await producer.send({ topic, body: Buffer.from(`m${i}`) });
    assert.ok(receipt.messageId);
  }
  const got = new Set();
  const deadline = Date.now() + DEADLINE_MS;
  while (got.size < 3) {
    assert.ok(Date.now() < deadline, `only ${got.size}/3 received within ${DEADLINE_MS} ms`);
    for (const mv of await consumer.receive(8, INVISIBLE_MS)) {
      got.add(mv.body.toString());
      await consumer.ack(mv);
    }
  }
  return [ ...got ].sort();
}

/** A producer of a new topic that must fail to start; returns the error and the topic. */
async function refusedProducer(server, extra) {
  const topic = unique('refused');
  const producer = new Producer({ endpoints: server.endpoint, namespace: '', logger, topics: [ topic ], ...extra });
  const err = await producer.startup().then(() => null, e => e);
  await producer.shutdown().catch(() => {}); // a client that never started may refuse to shut down
  assert.ok(err, 'the producer started');
  return { err, topic };
}

const chain = err => {
  const parts = [];
  for (let e = err; e; e = e.cause) parts.push(String(e.message ?? e));
  return parts.join(' <- ');
};

test('tls', async () => {
  await withServer('tls', tlsEnv('server'), async (server, use) => {
    // The client checks the chain up to the test CA and that the certificate names 127.0.0.1.
    assert.deepEqual(await roundTrip(server, use, { sslEnabled: true }), [ 'm0', 'm1', 'm2' ]);
    // With TLS enforced, a plaintext client is refused.
    const plain = await refusedProducer(server, { sslEnabled: false });
    assert.match(chain(plain.err), /UNAVAILABLE/, chain(plain.err));
  });
  // Signed by the same CA, but for another host name: a verifying client refuses the server.
  await withServer('tls-other-host', tlsEnv('other-host'), async server => {
    const { err } = await refusedProducer(server, { sslEnabled: true });
    assert.match(chain(err), /ALTNAME|does not match certificate/i, chain(err));
  });
});

test('auth', () => withServer('auth', AUTH_ENV, async (server, use) => {
  // A normal user allowed to publish and subscribe on its own topics and groups only.
  server.admin('user', 'create', 'node-app', '--secret', 'node-app-secret', ...ADMIN);
  server.admin('acl', 'put', 'node-app', '--resource', 'Topic:node-sec-*', '--actions', 'Pub,Sub,Create', ...ADMIN);
  server.admin('acl', 'put', 'node-app', '--resource', 'Group:node-sec-g-*', '--actions', 'Sub,Create', ...ADMIN);
  const app = { sessionCredentials: { accessKey: 'node-app', accessSecret: 'node-app-secret' } };
  assert.deepEqual(await roundTrip(server, use, app), [ 'm0', 'm1', 'm2' ]);

  const unsigned = await refusedProducer(server, {});
  assert.match(chain(unsigned.err), /40100|UNAUTHORIZED|not signed/i, chain(unsigned.err));
  const forged = await refusedProducer(server, { sessionCredentials: { accessKey: 'node-app', accessSecret: 'guess' } });
  assert.match(chain(forged.err), /40100|UNAUTHORIZED|signature/i, chain(forged.err));
  // Signed correctly, but the ACL does not cover this topic.
  const outside = await refusedProducer(server, app);
  assert.match(chain(outside.err), /40300|FORBIDDEN|not allowed/i, chain(outside.err));

  // Refused calls created nothing.
  const names = server.admin('topic', 'list', ...ADMIN).map(t => t.name);
  for (const { topic } of [ unsigned, forged, outside ]) {
    assert.ok(!names.includes(topic), `refused call created topic ${topic}`);
  }
}));
