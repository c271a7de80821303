// polkadot.js helpers, used the way a real client would: fresh accounts per test, and every
// dependent step waits until the previous extrinsic is in a block.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate, blake2AsU8a } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';

export const UNIT = 1_000_000_000_000n;

export async function connect(url) {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  await api.isReady;
  return api;
}

export function keyring() {
  return new Keyring({ type: 'sr25519', ss58Format: 42 });
}

export function alice() {
  return keyring().addFromUri('//Alice');
}

/**
 * Sign and send `tx` from `signer`; resolve when it is in a block. Rejects with the module
 * error's `section.name` if the extrinsic failed, so tests can assert on pallet errors.
 */
export function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, (result) => {
      const { status, dispatchError, events } = result;
      if (dispatchError) {
        unsub?.();
        if (dispatchError.isModule) {
          const meta = api.registry.findMetaError(dispatchError.asModule);
          const err = new Error(`${meta.section}.${meta.name}`);
          err.section = meta.section;
          err.name = meta.name;
          err.module = `${meta.section}.${meta.name}`;
          reject(err);
        } else {
          const err = new Error(dispatchError.toString());
          err.module = dispatchError.toString();
          reject(err);
        }
        return;
      }
      if (status.isInBlock) {
        unsub?.();
        resolve({ blockHash: status.asInBlock, events });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsub?.();
        reject(new Error(`transaction ${status.type}`));
      }
    })
      .then((u) => {
        unsub = u;
      })
      .catch(reject);
  });
}

// Alice funds every fresh account; her transfers are serialised so nonces never collide.
let funding = Promise.resolve();

/** A fresh sr25519 account from a new mnemonic, funded by Alice with `amount`. */
export async function freshAccount(api, amount = 1000n * UNIT) {
  const pair = keyring().addFromUri(mnemonicGenerate());
  const job = funding.then(() =>
    submit(api, api.tx.balances.transferKeepAlive(pair.address, amount), alice()),
  );
  funding = job.catch(() => {});
  await job;
  return pair;
}

/** A salted identity commitment as a patient's wallet computes it. */
export function identityCommitment(identifier, salt) {
  return u8aToHex(blake2AsU8a(u8aConcat(stringToU8a('healthchain/identity/v1'), salt, stringToU8a(identifier)), 256));
}

export function findEvent(events, section, method) {
  return events.find(({ event }) => event.section === section && event.method === method)?.event;
}
