// How a patient app learns about what concerns it, over the node's WebSocket: subscribe to each
// new block's events and keep those about the patient's account (or listing the app's account
// among the accounts to notify, as emergency contacts are in `BreakGlassOpened`).
//
// Usage (a script): node lib/notify.js ws://127.0.0.1:9944 <patient-ss58> [<contact-ss58>]
import { ApiPromise, WsProvider } from '@polkadot/api';

const WATCHED = {
  recordAnchors: ['RecordAnchored', 'RecordSuperseded', 'RecordStatusChanged'],
  consent: [
    'AccessRequested', 'AccessRequestApproved', 'AccessRequestDenied', 'BreakGlassOpened',
    'BreakGlassReviewed', 'BreakGlassReviewOverdue', 'AccessRecorded', 'ConsentGranted', 'ConsentRevoked',
  ],
  patientIdentity: ['PatientRegistered', 'DelegateAdded', 'RecoveryInitiated', 'IdentityMoved'],
};

function concerns(event, accounts) {
  const json = JSON.stringify(event.data.toJSON());
  return accounts.some((a) => json.includes(a));
}

/**
 * Subscribe to notifications for `accounts` (SS58 addresses, as they appear in event JSON).
 * Calls `onNotice({section, method, data, blockHash})`; resolves to an unsubscribe function.
 */
export async function subscribeNotifications(api, accounts, onNotice) {
  return api.query.system.events((records) => {
    for (const { event } of records) {
      const methods = WATCHED[event.section];
      if (methods && methods.includes(event.method) && concerns(event, accounts)) {
        onNotice({ section: event.section, method: event.method, data: event.data.toHuman() });
      }
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, ...accounts] = process.argv.slice(2);
  if (!url || accounts.length === 0) {
    console.error('usage: node lib/notify.js <ws-url> <patient-address> [<contact-address> …]');
    process.exit(2);
  }
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  await subscribeNotifications(api, accounts, (n) => console.log(JSON.stringify(n)));
  console.error(`listening for events about ${accounts.join(', ')} — Ctrl-C to stop`);
}
