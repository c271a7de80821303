// The app's one connection to the chain: the API, custom `health_*` calls, and transactions
// with their progress and their errors told as sentences.
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Signer } from '@polkadot/types/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';

/** Who is signed in: a key held in memory, or an account of a browser extension. */
export interface Account {
  address: string;
  name: string;
  source: 'memory' | 'extension';
  pair?: KeyringPair;
  signer?: Signer;
  /**
   * The pseudonym keys the wallet derives for each organisation (`<secret>//healthchain//pseudonym//<org>`,
   * as pallet-patient-identity describes): only addresses are kept. Known only when the secret
   * is (a key held in memory); a browser extension does not hand out derivations.
   */
  pseudonymKeys?: { organization: number; address: string }[];
}

/** The node to talk to: `?rpc=` in the page's URL, else the dev node on this machine. */
export function nodeUrl(): string {
  const fromQuery = new URLSearchParams(window.location.search).get('rpc');
  return fromQuery || 'ws://127.0.0.1:9944';
}

const providers = new WeakMap<ApiPromise, WsProvider>();

export async function connect(url: string): Promise<ApiPromise> {
  const provider = new WsProvider(url, 2500);
  const api = await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
  providers.set(api, provider);
  return api;
}

/** A `health_*` JSON-RPC method of the node (described by `rpc.discover`). */
export async function health<T>(api: ApiPromise, method: string, params: unknown[]): Promise<T> {
  const provider = providers.get(api);
  if (!provider) throw new Error('not connected');
  return (await provider.send(`health_${method}`, params)) as T;
}

/** The chain's clock: block number, timestamp (ms) and block time (ms). */
export interface Clock { block: number; timestamp: number; blockTime: number }

export function clock(api: ApiPromise): Promise<Clock> {
  return health<Clock>(api, 'clock', []);
}

/** When block `n` was or will be, by the chain's clock. */
export function dateOfBlock(c: Clock, n: number): Date {
  return new Date(c.timestamp + (n - c.block) * c.blockTime);
}

/** The stages of a transaction the app shows. */
export type Stage = 'signing' | 'ready' | 'inBlock' | 'finalized';

/** A transaction the chain (or the pool) refused, told as a sentence. */
export class ChainError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** The sentence for a dispatch error: the runtime's own documentation of the module error. */
export function sentence(api: ApiPromise, error: DispatchError): ChainError {
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    const docs = meta.docs.join(' ').trim();
    const text = docs || meta.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return new ChainError(`${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`, `${meta.section}.${meta.name}`);
  }
  if (error.isBadOrigin) return new ChainError('This account may not do that.', 'BadOrigin');
  if (error.isToken) {
    const t = error.asToken;
    if (['FundsUnavailable', 'NoFunds', 'BelowMinimum'].includes(String(t.type))) {
      return new ChainError('Your account does not hold enough funds for the deposit this needs.', `Token.${t.type}`);
    }
    return new ChainError(`The funds could not move (${t.type}).`, `Token.${t.type}`);
  }
  return new ChainError(`The chain refused the transaction (${error.type}).`, error.type);
}

/** Pool refusals (before the chain ran the call), told as sentences. */
function poolSentence(message: string): ChainError {
  if (/Inability to pay some fees|balance too low/i.test(message)) {
    return new ChainError('Your account cannot pay the transaction fee: ask your provider or a friend to fund it.', 'Payment');
  }
  if (/Transaction is outdated|stale/i.test(message)) {
    return new ChainError('The transaction went stale (another one from this account came first): try again.', 'Stale');
  }
  if (/Cancelled|Rejected by user/i.test(message)) {
    return new ChainError('You cancelled the signature.', 'Cancelled');
  }
  return new ChainError(`The node refused the transaction: ${message}`, 'Pool');
}

/**
 * Signs `tx` as `account` and sends it; `progress` hears each stage. Resolves with the block's
 * events of the transaction once it is in a block and succeeded; rejects with a `ChainError`.
 */
export function send(
  api: ApiPromise,
  account: Account,
  tx: SubmittableExtrinsic<'promise'>,
  progress: (stage: Stage) => void = () => {},
): Promise<EventRecord[]> {
  return new Promise((resolve, reject) => {
    progress('signing');
    let settled = false;
    const signer = account.pair ?? account.address;
    const options = account.pair ? {} : { signer: account.signer };
    tx.signAndSend(signer, options, ({ status, events, dispatchError }) => {
      if (status.isReady || status.isBroadcast) progress('ready');
      // A chain with instant finality (the dev chain) may report Finalized without InBlock.
      if ((status.isInBlock || status.isFinalized) && !settled) {
        settled = true;
        if (dispatchError) {
          reject(sentence(api, dispatchError));
        } else {
          progress('inBlock');
          resolve(events);
        }
      }
      if (status.isFinalized) progress('finalized');
      if (status.isDropped || status.isInvalid || status.isUsurped) {
        if (!settled) {
          settled = true;
          reject(poolSentence(status.type));
        }
      }
    })
      .then((unsub) => {
        // Stop listening a while after finality, or at once if it failed.
        setTimeout(unsub, 60_000);
      })
      .catch((e: Error) => {
        if (!settled) {
          settled = true;
          reject(poolSentence(e.message));
        }
      });
  });
}

/** The first event `section.method` among `events`, or undefined. */
export function findEvent(events: EventRecord[], section: string, method: string) {
  return events.find(({ event }) => event.section === section && event.method === method)?.event;
}
