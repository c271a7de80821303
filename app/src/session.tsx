// What every screen shares: the connection, who is signed in, whom they act for, the
// organisations, and the one transaction runner that shows progress and errors.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { Account, Clock } from './chain';
import type { Organisation } from './directory';

export interface Session {
  api: ApiPromise;
  account: Account;
  /** The patient whose data the screens show: the account itself, or one it is a delegate of. */
  patient: string;
  /** Whether `patient` is the signed-in key's own identity (not someone it is a delegate of). */
  own: boolean;
  orgs: Map<number, Organisation>;
  clock: Clock;
  /** Bumped on every chain event about the patient: screens reload on it (no refresh needed). */
  tick: number;
  /** The finalized block number: the node's `health_*` answers are read at it, so they move with it. */
  finalized: number;
  /** Signs and sends `tx`, showing `label` with its progress; resolves with its events, or null if it failed (the error is shown). */
  run: (label: string, tx: SubmittableExtrinsic<'promise'>) => Promise<EventRecord[] | null>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in screen');
  return s;
}
