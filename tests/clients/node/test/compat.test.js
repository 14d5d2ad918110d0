'use strict';
// Official RocketMQ 5 Node.js client against Apogee: one top-level test per
// compatibility scenario (the test name is the scenario name), each with its own server.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Producer, SimpleConsumer, PushConsumer, ConsumeResult } = require('rocketmq-client-nodejs');
const { TransactionResolution } = require('rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb');
const { withServer, clientLogger, unique, waitUntil } = require('../apogee');

const DEADLINE_MS = 60_000; // bound on any wait for messages
const AWAIT_MS = 2_000; // long polling of one receive
const INVISIBLE_MS = 15_000;
const logger = clientLogger();

const options = server => ({ endpoints: server.endpoint, namespace: '', logger }); // plaintext is the default

const producer = (server, topic, checker) => new Producer({ ...options(server), topics: [ topic ], checker });

// A new group starts at "latest": tests create the consumer before sending.
const simpleConsumer = (server, group, topic) => new SimpleConsumer({
  ...options(server), consumerGroup: group, subscriptions: new Map([[ topic, '*' ]]), awaitDuration: AWAIT_MS,
});

async function send(p, message) {
  const receipt = await p.send({ ...message, body: Buffer.from(message.body) });
  assert.ok(receipt.messageId, 'receipt without message id');
  return receipt.messageId;
}

/** Receives (acking in arrival order) until n distinct messages arrived; fails on a duplicate. */
async function receiveAndAck(consumer, n, check = () => {}) {
  const got = new Map();
  const deadline = Date.now() + DEADLINE_MS;
  while (got.size < n) {
    assert.ok(Date.now() < deadline, `only ${got.size}/${n} received within ${DEADLINE_MS} ms`);
    for (const mv of await consumer.receive(16, INVISIBLE_MS)) {
      assert.ok(!got.has(mv.messageId), `duplicate delivery of ${mv.messageId}`);
      check(mv);
      await consumer.ack(mv);
      got.set(mv.messageId, mv);
    }
  }
  return got;
}

test('normal', () => withServer('normal', {}, async (server, use) => {
  const topic = unique('topic');
  const consumer = await use(simpleConsumer(server, unique('group'), topic));
  const p = await use(producer(server, topic));
  const sent = new Map();
  for (let i = 0; i < 10; i++) {
    const message = { topic, body: `normal-${i}`, tag: `tag${i % 3}`, keys: [ `key-${i}`, 'shared-key' ],
      properties: new Map([[ 'index', String(i) ]]) };
    const id = await send(p, message);
    assert.ok(!sent.has(id), 'duplicate message id');
    sent.set(id, message);
  }
  const got = await receiveAndAck(consumer, sent.size);
  assert.deepEqual([ ...got.keys() ].sort(), [ ...sent.keys() ].sort());
  for (const [ id, want ] of sent) {
    const mv = got.get(id);
    assert.equal(mv.body.toString(), want.body);
    assert.equal(mv.tag, want.tag);
    assert.deepEqual(mv.keys, want.keys);
    assert.deepEqual(mv.properties, want.properties);
    assert.equal(mv.deliveryAttempt, 1);
  }
}));

test('fifo', () => withServer('fifo', {}, async (server, use) => {
  const topic = unique('topic');
  const group = unique('group');
  server.admin('topic', 'create', topic, '--type', 'fifo', '--queues', '4');
  server.admin('group', 'create', group, '--fifo');
  const consumer = await use(simpleConsumer(server, group, topic));
  const p = await use(producer(server, topic));
  // Interleave 3 message groups; each must come back in its own send order.
  const sentOrder = {};
  for (let seq = 0; seq < 5; seq++) {
    for (let g = 0; g < 3; g++) {
      const mg = `mg${g}`;
      (sentOrder[mg] ??= []).push(await send(p, { topic, body: `${mg}:${seq}`, messageGroup: mg }));
    }
  }
  // The server hands out a group's next message only after the previous one is acked.
  const gotOrder = {};
  await receiveAndAck(consumer, 15, mv => {
    const ids = (gotOrder[mv.messageGroup] ??= []);
    assert.equal(mv.body.toString(), `${mv.messageGroup}:${ids.length}`, `order within ${mv.messageGroup}`);
    ids.push(mv.messageId);
  });
  assert.deepEqual(gotOrder, sentOrder);
}));

test('delay', () => withServer('delay', {}, async (server, use) => {
  const topic = unique('topic');
  server.admin('topic', 'create', topic, '--type', 'delay');
  const consumer = await use(simpleConsumer(server, unique('group'), topic));
  const p = await use(producer(server, topic));
  const deliverAt = new Date(Date.now() + 3_000);
  const sent = [];
  for (let i = 0; i < 3; i++) sent.push(await send(p, { topic, body: `delay-${i}`, deliveryTimestamp: deliverAt }));
  const got = await receiveAndAck(consumer, sent.length, mv => {
    const now = Date.now();
    assert.ok(now >= deliverAt.getTime(), `${mv.messageId} delivered ${deliverAt - now} ms early`);
    assert.equal(mv.deliveryTimestamp?.getTime(), deliverAt.getTime());
  });
  assert.deepEqual([ ...got.keys() ].sort(), sent.sort());
}));

test('transaction', () => withServer('transaction', {}, async (server, use) => {
  const topic = unique('topic');
  server.admin('topic', 'create', topic, '--type', 'transaction');
  const consumer = await use(simpleConsumer(server, unique('group'), topic));
  const checked = [];
  const p = await use(producer(server, topic, {
    async check(mv) {
      checked.push(mv.messageId);
      return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED; // "unknown"
    },
  }));
  const tx = p.beginTransaction();
  const receipt = await p.send({ topic, body: Buffer.from('tx-commit') }, tx);
  // A half message is invisible until committed: one long-polled receive sees nothing.
  assert.deepEqual(await consumer.receive(16, INVISIBLE_MS), [], 'half message delivered before commit');
  await tx.commit();
  const got = await receiveAndAck(consumer, 1);
  assert.deepEqual([ ...got.keys() ], [ receipt.messageId ]);
  assert.equal(got.get(receipt.messageId).body.toString(), 'tx-commit');
  assert.deepEqual(checked, [], 'no check-back expected for a committed transaction');
}));

test('transaction_check', () => withServer('transaction_check',
  // The server asks a producer of the topic to resolve an open transaction every 1 s.
  { APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL: '1s' }, async (server, use) => {
    const topic = unique('topic');
    server.admin('topic', 'create', topic, '--type', 'transaction');
    const consumer = await use(simpleConsumer(server, unique('group'), topic));
    const checkedAt = new Map();
    const p = await use(producer(server, topic, {
      async check(mv) {
        if (!checkedAt.has(mv.messageId)) checkedAt.set(mv.messageId, Date.now());
        return TransactionResolution.COMMIT;
      },
    }));
    const tx = p.beginTransaction(); // left unresolved on purpose
    const { messageId } = await p.send({ topic, body: Buffer.from('tx-check') }, tx);
    const got = await receiveAndAck(consumer, 1);
    const arrived = Date.now();
    assert.deepEqual([ ...got.keys() ], [ messageId ]);
    assert.ok(checkedAt.has(messageId), 'delivered without a check-back');
    assert.ok(checkedAt.get(messageId) <= arrived, 'delivered before the checker committed it');
  }));

test('simple_consumer', () => withServer('simple_consumer', {}, async (server, use) => {
  const topic = unique('topic');
  const consumer = await use(simpleConsumer(server, unique('group'), topic));
  const p = await use(producer(server, topic));
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await send(p, { topic, body: `simple-${i}` }));
  // Ack all but the first delivery, which is nacked (invisible for 1 s): it must come back, attempt 2.
  const acked = new Set();
  let nacked = null;
  const deadline = Date.now() + DEADLINE_MS;
  while (acked.size < ids.length) {
    assert.ok(Date.now() < deadline, `only ${acked.size}/${ids.length} acked within ${DEADLINE_MS} ms`);
    for (const mv of await consumer.receive(16, INVISIBLE_MS)) {
      assert.ok(ids.includes(mv.messageId), `unexpected message ${mv.messageId}`);
      if (nacked === null) {
        nacked = mv.messageId;
        assert.equal(mv.deliveryAttempt, 1);
        await consumer.changeInvisibleDuration(mv, 1_000);
        continue;
      }
      assert.equal(mv.deliveryAttempt, mv.messageId === nacked ? 2 : 1, `delivery attempt of ${mv.messageId}`);
      assert.ok(!acked.has(mv.messageId), `acked message delivered again: ${mv.messageId}`);
      await consumer.ack(mv);
      acked.add(mv.messageId);
    }
  }
  // Everything is acked now: a long-polled receive is empty.
  assert.deepEqual(await consumer.receive(16, INVISIBLE_MS), [], 'acked message delivered again');
}));

test('push_consumer', () => withServer('push_consumer', {}, async (server, use) => {
  const topic = unique('topic');
  const group = unique('group');
  server.admin('group', 'create', group, '--retry-backoff', '1s'); // quick redelivery
  // The listener fails the first delivery of "push-0" once to exercise the nack path.
  const calls = new Map(); // body -> delivery attempts seen
  let total = 0;
  await use(new PushConsumer({
    ...options(server), consumerGroup: group, subscriptions: new Map([[ topic, '*' ]]),
    messageListener: {
      async consume(mv) {
        const body = mv.body.toString();
        const seen = calls.get(body) ?? [];
        calls.set(body, [ ...seen, mv.deliveryAttempt ]);
        total++;
        return body === 'push-0' && seen.length === 0 ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
      },
    },
  }));
  const p = await use(producer(server, topic));
  for (let i = 0; i < 10; i++) await send(p, { topic, body: `push-${i}` });
  await waitUntil(() => total >= 11, DEADLINE_MS, () => JSON.stringify([ ...calls ]));
  for (let i = 0; i < 10; i++) {
    assert.deepEqual(calls.get(`push-${i}`), i === 0 ? [ 1, 2 ] : [ 1 ], `delivery attempts of push-${i}`);
  }
}));
