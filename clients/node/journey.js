#!/usr/bin/env node
// A caller's journey through the Backend platform, from a Node client that loads protos/ at run
// time (@grpc/grpc-js with @grpc/proto-loader). Signs up, signs in, places an order, watches it,
// pays, refunds, and reads the google.rpc.Status details of two refused calls; every answer is
// checked. Exits non-zero at the first surprise.
//
//   (cd clients/node && npm install)
//   node clients/node/journey.js --target 127.0.0.1:5000
'use strict';

const path = require('node:path');
const crypto = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

// google/rpc (and any google/api file the contract imports) come from googleapis' own files.
const googleapis = path.dirname(require.resolve('google-proto-files/package.json'));
const protos = path.resolve(__dirname, '../../protos');
// Generous: the machine running this may be busy; nothing here measures speed.
const waitMs = 120_000;

const definition = protoLoader.loadSync(
  ['backend/users/v1/user_service.proto', 'backend/orders/v1/order_service.proto', 'backend/payments/v1/payment_service.proto'],
  { includeDirs: [protos, googleapis], keepCase: true, longs: Number, enums: String, defaults: true });
const api = grpc.loadPackageDefinition(definition).backend;

// The details of a refused call, decoded with protobufjs from googleapis' definitions.
const rpcTypes = new protobuf.Root();
rpcTypes.resolvePath = (origin, target) => path.join(googleapis, target);
rpcTypes.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
const Status = rpcTypes.lookupType('google.rpc.Status');

let checks = 0;
function check(condition, what) {
  if (!condition) {
    throw new Error(`failed: ${what}`);
  }
  checks++;
  console.log(`ok - ${what}`);
}

const deadline = () => ({ deadline: Date.now() + waitMs });
const call = (client, method, request, metadata = new grpc.Metadata()) =>
  new Promise((resolve, reject) => client[method](request, metadata, deadline(), (error, response) => (error ? reject(error) : resolve(response))));

async function refused(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call was expected to be refused');
}

// The google.rpc.Status a refused call carries in its grpc-status-details-bin trailer.
function statusDetails(error) {
  const [bytes] = error.metadata.get('grpc-status-details-bin');
  if (!bytes) {
    throw new Error(`${error.code} carries no google.rpc.Status: ${error.details}`);
  }
  const status = Status.decode(bytes);
  return {
    code: status.code,
    detail(typeName) {
      const any = status.details.find(d => d.type_url.endsWith(`/${typeName}`));
      if (!any) {
        throw new Error(`no ${typeName} among the details`);
      }
      return rpcTypes.lookupType(typeName).decode(any.value);
    },
  };
}

function watch(orders, orderId, metadata) {
  const events = [];
  const waiters = [];
  const notify = () => waiters.splice(0).forEach(wake => wake());
  let ended = null;
  const stream = orders.WatchOrder({ order_id: orderId }, metadata, deadline());
  stream.on('data', response => { events.push(response.event); notify(); });
  stream.on('error', error => { ended = error; notify(); });
  stream.on('end', () => { ended = ended ?? 'end'; notify(); });
  const until = condition => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting on the watch')), waitMs);
    const test = () => (condition() ? (clearTimeout(timer), resolve()) : waiters.push(test));
    test();
  });
  return {
    events,
    ended: () => ended,
    async status(status) {
      await until(() => ended !== null || events.some(e => e.status === status));
      check(events.some(e => e.status === status), `WatchOrder: ${status} arrives`);
    },
    end: () => until(() => ended !== null),
  };
}

async function main() {
  const at = process.argv.indexOf('--target');
  const target = at > 0 ? process.argv[at + 1] : '127.0.0.1:5000';
  const option = (name, fallback) => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : fallback);
  const adminEmail = option('--admin-email', 'admin@example.com');
  const adminPassword = option('--admin-password', 'change me, please');
  const credentials = grpc.credentials.createInsecure();
  const users = new api.users.v1.UserService(target, credentials);
  const orders = new api.orders.v1.OrderService(target, credentials);
  const payments = new api.payments.v1.PaymentService(target, credentials);

  // An admin lists the price that customers pay.
  const admin = await call(users, 'Authenticate', { email: adminEmail, password: adminPassword });
  const adminAuth = new grpc.Metadata();
  adminAuth.set('authorization', `Bearer ${admin.access_token}`);
  const listed = (await call(orders, 'SetPrice', {
    sku: 'book-42', unit_price: { currency_code: 'EUR', units: 12, nanos: 500_000_000 },
  }, adminAuth)).price;
  check(listed.sku === 'book-42', 'SetPrice: book-42 is listed');

  // Sign up and sign in.
  const email = `node-${crypto.randomUUID().slice(0, 12)}@example.com`;
  const password = "a node caller's passphrase";
  const created = (await call(users, 'CreateUser', { email, display_name: 'Node', password })).user;
  check(created.email === email && created.role === 'ROLE_USER', 'CreateUser: a new ROLE_USER with the given email');
  const signedIn = await call(users, 'Authenticate', { email, password });
  check(signedIn.access_token && signedIn.user.id === created.id, 'Authenticate: an access token for that user');
  const auth = new grpc.Metadata();
  auth.set('authorization', `Bearer ${signedIn.access_token}`);

  // Place an order at the listed price: the server computes the total.
  const placed = (await call(orders, 'CreateOrder', {
    user_id: created.id,
    items: [{ sku: 'book-42', quantity: 2 }],
    request_id: crypto.randomUUID(),
  }, auth)).order;
  const total = placed.total;
  check(placed.status === 'ORDER_STATUS_PENDING_PAYMENT' && total.currency_code === 'EUR' && total.units === 25 && total.nanos === 0,
    'CreateOrder: PENDING_PAYMENT, total EUR 25.00');

  // Watch it from the start until its terminal event ends the stream.
  const watching = watch(orders, placed.id, auth);
  await watching.status('ORDER_STATUS_PENDING_PAYMENT');

  // Pay the total; the order becomes PAID.
  const paid = (await call(payments, 'CreatePayment', {
    order_id: placed.id, amount: total, payment_method: 'pm_card_visa', idempotency_key: crypto.randomUUID(),
  }, auth)).payment;
  check(paid.status === 'PAYMENT_STATUS_SUCCEEDED' && paid.order_id === placed.id, 'CreatePayment: SUCCEEDED for the order');
  await watching.status('ORDER_STATUS_PAID');

  // Refund all of it; the order becomes REFUNDED and the watch ends.
  const refunded = await call(payments, 'RefundPayment', {
    payment_id: paid.id, idempotency_key: crypto.randomUUID(), reason: 'changed my mind',
  }, auth);
  check(refunded.payment.status === 'PAYMENT_STATUS_REFUNDED'
    && refunded.refund.amount.units === total.units && refunded.refund.amount.nanos === total.nanos,
  'RefundPayment: REFUNDED, the whole total given back');
  await watching.status('ORDER_STATUS_REFUNDED');
  await watching.end();
  check(watching.ended() === 'end', 'WatchOrder: the stream ends after the terminal event');
  check(watching.events.map(e => e.revision).join(',') === '1,2,3', 'WatchOrder: revisions 1, 2, 3, each once and in order');
  const current = (await call(orders, 'GetOrder', { order_id: placed.id }, auth)).order;
  check(current.status === 'ORDER_STATUS_REFUNDED' && current.payment_id === paid.id, 'GetOrder: REFUNDED, with the payment');

  // Refusals carry a google.rpc.Status with an ErrorInfo (and a BadRequest for bad fields).
  let error = await refused(call(users, 'CreateUser', { email, display_name: 'Again', password }));
  const info = statusDetails(error).detail('google.rpc.ErrorInfo');
  check(error.code === grpc.status.ALREADY_EXISTS && info.reason === 'EMAIL_TAKEN' && info.domain === 'backend',
    'CreateUser again: ALREADY_EXISTS, ErrorInfo reason EMAIL_TAKEN');
  error = await refused(call(users, 'CreateUser', { email: 'not an address', display_name: 'Nobody', password }));
  const status = statusDetails(error);
  const fields = status.detail('google.rpc.BadRequest').field_violations.map(v => v.field);
  check(error.code === grpc.status.INVALID_ARGUMENT && status.code === error.code && fields.includes('email'),
    'CreateUser with a bad email: INVALID_ARGUMENT, BadRequest names the email field');

  [users, orders, payments].forEach(client => client.close());
  console.log(`node journey: ${checks} checks passed`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
