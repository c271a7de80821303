// The salted identity commitment, computed in the browser: the identifiers and the salt never
// leave it. blake2_256("healthchain/identity/v2" ‖ salt ‖ identifiers ‖ account), as
// pallet-patient-identity's `identity_commitment` and the CLI compute it.
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';

export const COMMITMENT_TAG = 'healthchain/identity/v2';

export function identityCommitment(identifiers: string, salt: Uint8Array, account: string): string {
  return u8aToHex(blake2AsU8a(u8aConcat(stringToU8a(COMMITMENT_TAG), salt, stringToU8a(identifiers), decodeAddress(account)), 256));
}

/** A new random 32-byte salt. */
export function newSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

/** The identifiers as one canonical string: trimmed, upper case, fields joined by `|`. */
export function canonicalIdentifiers(fields: string[]): string {
  return fields.map((f) => f.trim().toUpperCase().replace(/\s+/g, ' ')).join('|');
}
