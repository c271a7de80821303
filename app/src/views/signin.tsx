// Sign-in with the patient's key: a browser-extension account (polkadot{.js} and compatible
// wallets), or — for the dev chain and tests — a mnemonic or dev URI held only in this page's
// memory (never stored, never sent).
import { useEffect, useState } from 'preact/hooks';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicValidate } from '@polkadot/util-crypto';
import type { Account } from '../chain';

interface ExtensionAccount { address: string; name: string; source: string }

export function SignIn({ api, onSignedIn }: { api: ApiPromise; onSignedIn: (a: Account) => void }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [extension, setExtension] = useState<ExtensionAccount[] | null>(null);
  const [extensionNote, setExtensionNote] = useState<string>('Looking for a wallet extension…');

  useEffect(() => {
    // Only ask the extension when one is injected (no prompt otherwise).
    const injected = (window as unknown as { injectedWeb3?: Record<string, unknown> }).injectedWeb3;
    if (!injected || Object.keys(injected).length === 0) {
      setExtensionNote('No wallet extension in this browser.');
      return;
    }
    import('@polkadot/extension-dapp').then(async ({ web3Enable, web3Accounts }) => {
      const enabled = await web3Enable('Healthchain');
      if (enabled.length === 0) { setExtensionNote('The wallet extension did not allow this page.'); return; }
      const accounts = await web3Accounts({ ss58Format: api.registry.chainSS58 });
      setExtension(accounts.map((a) => ({ address: a.address, name: a.meta.name ?? 'Wallet account', source: a.meta.source })));
      setExtensionNote(accounts.length ? 'Choose an account of your wallet:' : 'Your wallet holds no account yet.');
    }).catch((e: Error) => setExtensionNote(`The wallet extension failed: ${e.message}`));
  }, [api]);

  async function signInWithSecret(e: Event) {
    e.preventDefault();
    setError(null);
    const s = secret.trim();
    if (!s) { setError('Enter your recovery phrase, or a development key such as //Alice.'); return; }
    const words = s.split(/\s+/);
    if (!s.startsWith('//') && words.length >= 12 && !mnemonicValidate(s.split('//')[0].trim())) {
      setError('This recovery phrase is not valid: check the words and their order.');
      return;
    }
    try {
      await cryptoWaitReady();
      const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
      const pair = keyring.addFromUri(s);
      const organisations = (await api.query.organizations.organizations.keys()).map((k) => Number(k.args[0].toString()));
      const pseudonymKeys = organisations.map((organization) => ({
        organization,
        address: keyring.addFromUri(`${s}//healthchain//pseudonym//${organization}`).address,
      }));
      setSecret('');
      onSignedIn({ address: pair.address, name: s.startsWith('//') ? s.slice(2) : 'My key', source: 'memory', pair, pseudonymKeys });
    } catch (err) {
      setError(`This is not a key: ${(err as Error).message}`);
    }
  }

  async function signInWithExtension(a: ExtensionAccount) {
    const { web3FromAddress } = await import('@polkadot/extension-dapp');
    const injector = await web3FromAddress(a.address);
    onSignedIn({ address: a.address, name: a.name, source: 'extension', signer: injector.signer });
  }

  return (
    <main class="signin">
      <h1>Healthchain</h1>
      <p class="lead">Your health records stay with the hospitals and labs that made them. Here you decide who may see them, and you see who did.</p>
      <section aria-labelledby="wallet">
        <h2 id="wallet">With your wallet</h2>
        <p>{extensionNote}</p>
        {extension && (
          <ul class="plain">
            {extension.map((a) => (
              <li><button onClick={() => signInWithExtension(a)}>{a.name} <small>({a.source})</small></button></li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="phrase">
        <h2 id="phrase">With your recovery phrase</h2>
        <form onSubmit={signInWithSecret}>
          <label for="secret">Recovery phrase or development key</label>
          <input id="secret" type="password" autocomplete="off" spellcheck={false} value={secret}
            onInput={(e) => setSecret((e.target as HTMLInputElement).value)} placeholder="twelve words, or //Alice on a dev chain" />
          <p class="hint">The key stays in this page's memory: it is never stored or sent. Closing the page forgets it.</p>
          {error && <p role="alert" class="error">{error}</p>}
          <button type="submit" id="sign-in">Sign in</button>
        </form>
      </section>
    </main>
  );
}
