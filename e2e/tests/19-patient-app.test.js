// The patient's app in a real headless Chromium against a real dev node: a patient signs in with
// her recovery phrase, sees the lab result a lab anchored, receives a pharmacy's access request
// live and approves it, sees the consent appear; grants from a template and revokes; sees the
// access log entry a provider records; checks a file against its anchor (and a tampered copy
// fails); and a refused transaction is told as a sentence. Screenshots of each screen are saved
// in e2e/artifacts/app/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake2AsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { useDevChain, registeredPatient, scratchDir } from '../lib/suite.js';
import { submit, findEvent, scope, freshAccount, identityCommitment, dev, keyring, UNIT } from '../lib/chain.js';
import { hire } from '../lib/gateway.js';
import { serveStatic, launchBrowser, signIn, openTab, transactionDone, textOf, screenshot, clickWhenReady, accessibilityViolations } from '../lib/app.js';

const LAB = 1;
const PHARMACY = 2;
const chain = useDevChain();
let app;
let browser;
before(async () => {
  app = await serveStatic();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

const open = (patient, options) => signIn(browser, app.url, chain.node.url, patient.secretUri, options);

/** The lab's technician anchors `bytes` (a lab result) about `patient`, whose consent lets the lab store it. */
async function labResult(patient, bytes) {
  await submit(chain.api, chain.api.tx.consent.grantConsent(
    patient.address, { Organization: LAB }, { decision: 'Permit', scope: scope({ actions: ['Store'], categories: ['LabResult'] }) },
    [], '0x' + 'ab'.repeat(32), null, null, 'Allowed',
  ), patient);
  const tech = await hire(chain.api, '//Eve', 'LabTechnician');
  const { events } = await submit(chain.api, chain.api.tx.recordAnchors.anchorRecord(
    { Patient: patient.address }, blake2AsHex(bytes, 256), 'Blake2b256', 'LabResult', 'DiagnosticReport', ['N'],
    '0xa1' + u8aToHex(randomBytes(45)).slice(2), null, 'TREAT', null,
  ), tech);
  return { tech, id: findEvent(events, 'recordAnchors', 'RecordAnchored').data.id.toNumber() };
}

test('a patient sees her lab result, approves a pharmacy\'s request as it arrives, and the consent appears', async () => {
  const patient = await registeredPatient(chain.api);
  const bytes = Buffer.from(JSON.stringify({ resourceType: 'DiagnosticReport', status: 'final', code: { text: 'HbA1c' }, n: u8aToHex(randomBytes(8)) }));
  const { id } = await labResult(patient, bytes);
  const page = await open(patient);
  console.log(`patient app: time to interactive ${page.timeToInteractiveMs} ms (headless Chromium, dev node)`);

  // The record shows once its block is final (the node lists anchors from finalized blocks).
  const card = await textOf(page, `[data-anchor="${id}"]`);
  assert.match(card, /Lab result/);
  assert.match(card, /City Lab/);
  assert.match(card, /current/);
  await screenshot(page, '1-records');

  // A pharmacist asks while the patient watches the requests screen: it appears without a reload.
  await openTab(page, 'requests');
  await page.waitForSelector('#no-requests');
  const pharmacist = await hire(chain.api, '//Ferdie', 'Pharmacist');
  const { events } = await submit(chain.api, chain.api.tx.consent.requestAccess(
    patient.address, scope({ actions: ['Access'], categories: ['Prescription'], purposes: ['TREAT'] }), '0x' + 'cd'.repeat(32), 100,
  ), pharmacist);
  const request = findEvent(events, 'consent', 'AccessRequested').data.id.toNumber();
  const asked = await textOf(page, `[data-request="${request}"]`);
  assert.match(asked, /Corner Pharmacy asks to read your prescriptions/);
  assert.match(asked, /treatment/);
  await screenshot(page, '2-request');

  await page.click(`[data-request="${request}"] button.primary`);
  await transactionDone(page, 'Approving the request of Corner Pharmacy');
  const approved = (await chain.api.call.consentApi.consents(patient.address)).toJSON().find((c) => c.source.accessRequest === request);
  assert.ok(approved, 'the approval created a consent on chain');
  await openTab(page, 'consents');
  const consent = await textOf(page, `[data-consent="${approved.id}"]`);
  assert.match(consent, /Corner Pharmacy may read prescriptions/);
  assert.match(consent, new RegExp(`approving request #${request}`));
  await screenshot(page, '3-consents');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a patient allows her pharmacy from a template, then revokes it', async () => {
  const patient = await registeredPatient(chain.api);
  const page = await open(patient, { phone: true });
  await openTab(page, 'consents');
  await clickWhenReady(page, 'input[value="pharmacy-prescriptions"]');
  assert.equal(await textOf(page, '#grant-sentence'), 'Corner Pharmacy may read my prescriptions to dispense them.');
  await page.click('#grant');
  await transactionDone(page, 'Allowing Corner Pharmacy');
  const [granted] = (await chain.api.call.consentApi.consents(patient.address)).toJSON();
  assert.deepEqual(granted.grantee, { organization: PHARMACY });
  await textOf(page, `[data-consent="${granted.id}"]`);
  await screenshot(page, '4-template-phone');

  await page.click(`[data-consent="${granted.id}"] button.danger`);
  await transactionDone(page, `Revoking consent #${granted.id}`);
  await page.waitForFunction((id) => !document.querySelector(`[data-consent="${id}"] button.danger`), { timeout: 30_000 }, granted.id);
  assert.equal((await chain.api.call.consentApi.consents(patient.address)).toJSON().filter((c) => c.id === granted.id && c.validity.expiresAt === null).length, 0);
  await page.close();
});

test('the access a provider records appears in the patient\'s timeline', async () => {
  const patient = await registeredPatient(chain.api);
  const bytes = Buffer.from(`result ${u8aToHex(randomBytes(8))}`);
  const { tech, id } = await labResult(patient, bytes);
  const page = await open(patient);
  await openTab(page, 'log');
  await page.waitForSelector('#no-log');
  await submit(chain.api, chain.api.tx.consent.recordAccess(patient.address, 'Store', 'LabResult', null, [], 'TREAT', 'Success', id, null), tech);
  const entry = await textOf(page, '#log li');
  assert.match(entry, /City Lab/);
  assert.match(entry, new RegExp(`did store your lab result \\(record #${id}\\) for treatment`));
  await screenshot(page, '5-access-log');
  // The same log as FHIR AuditEvents, downloaded from the page.
  await page.click('#export');
  const link = await page.waitForSelector('#export-link', { timeout: 30_000 });
  const bundle = JSON.parse(await link.evaluate((a) => fetch(a.href).then((r) => r.text())));
  assert.equal(bundle.resourceType, 'Bundle');
  const [event] = bundle.entry.map((e) => e.resource);
  assert.equal(event.resourceType, 'AuditEvent');
  assert.equal(event.action, 'C');
  assert.equal(event.entity[1].what.identifier.value, String(id));
  assert.equal(event.agent[0].who.identifier.value, tech.address);
  await page.close();
});

test('a file the patient holds is checked against its anchor in the browser; a tampered copy fails', async () => {
  const patient = await registeredPatient(chain.api);
  const bytes = Buffer.from(JSON.stringify({ resourceType: 'Observation', status: 'final', n: u8aToHex(randomBytes(8)) }));
  const { id } = await labResult(patient, bytes);
  const dir = scratchDir('healthchain-app-');
  const good = join(dir, 'result.json');
  const bad = join(dir, 'tampered.json');
  writeFileSync(good, bytes);
  writeFileSync(bad, Buffer.from(bytes.toString().replace('final', 'amended')));
  const page = await open(patient);
  const input = await page.waitForSelector(`#verify-${id}`, { timeout: 60_000 });
  await input.uploadFile(good);
  assert.match(await textOf(page, `[data-anchor="${id}"] [data-verified="true"]`), /result\.json is exactly record/);
  await input.uploadFile(bad);
  assert.match(await textOf(page, `[data-anchor="${id}"] [data-verified="false"]`), /tampered\.json is NOT record/);
  await screenshot(page, '6-verify');
  await page.close();
});

test('a refused transaction is told in a sentence from the runtime\'s own error docs', async () => {
  // Funded but never registered: the chain refuses consent about a patient who does not exist.
  const stranger = await freshAccount(chain.api);
  const page = await open(stranger);
  await openTab(page, 'consents');
  await clickWhenReady(page, '#grant');
  const err = await page.waitForFunction(() => {
    const el = document.querySelector('.flight.failed');
    return el && el.textContent;
  }, { timeout: 60_000 }).catch(async (e) => { console.log('the page showed:', await page.evaluate(() => document.body.innerText)); throw e; });
  assert.match(await err.jsonValue(), /neither an active patient nor the key of a published pseudonym/);
  await screenshot(page, '7-error');
  await page.close();
});

test('a newcomer registers in the browser (only the commitment goes on chain), names a guardian and opts into research', async () => {
  const newcomer = await freshAccount(chain.api);
  const page = await open(newcomer, { phone: true });
  await openTab(page, 'identity');
  const details = ['AB 123 456 C', 'Pat  Example', '1980-02-29'];
  for (const [i, value] of details.entries()) {
    await (await page.waitForSelector(`#ident-${i}`)).type(value);
  }
  await page.click('#register');
  await transactionDone(page, 'Registering your identity');
  // The identity card the patient keeps opens the commitment the chain holds; the chain holds nothing else.
  const href = await (await page.waitForSelector('#identity-card')).evaluate((a) => a.getAttribute('href'));
  const card = JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1)));
  assert.equal(card.identifiers, 'AB 123 456 C|PAT EXAMPLE|1980-02-29');
  const onChain = (await chain.api.query.patientIdentity.patients(newcomer.address)).toJSON();
  assert.equal(onChain.commitment, card.commitment);
  assert.equal(identityCommitment(card.identifiers, Buffer.from(card.salt.slice(2), 'hex'), newcomer.address), card.commitment);
  // Neither the details nor the salt are in any recent block's extrinsics or events.
  const secrets = [card.identifiers, 'EXAMPLE', card.salt.slice(2)].map((x) => Buffer.from(x).toString('hex'));
  secrets.push(card.salt.slice(2));
  const head = (await chain.api.rpc.chain.getHeader()).number.toNumber();
  for (let n = Math.max(1, head - 15); n <= head; n++) {
    const hash = await chain.api.rpc.chain.getBlockHash(n);
    const block = (await chain.api.rpc.chain.getBlock(hash)).block.extrinsics.map((x) => x.toHex()).join('');
    const events = (await (await chain.api.at(hash)).query.system.events()).toHex();
    for (const secret of secrets) assert.ok(!block.includes(secret) && !events.includes(secret), `block ${n} holds no personal data`);
  }
  await page.waitForSelector('#patient-id');

  const guardian = await freshAccount(chain.api);
  await (await page.waitForSelector('#delegate-account')).type(guardian.address);
  await page.click('#add-delegate');
  await transactionDone(page, `as Guardian`);
  await page.waitForSelector(`[data-delegate="${guardian.address}"]`);
  const [delegate] = (await chain.api.query.patientIdentity.delegates(newcomer.address)).toJSON();
  assert.equal(delegate.role, 'Guardian');
  await screenshot(page, '8-identity-phone');

  await openTab(page, 'research');
  await clickWhenReady(page, 'input[value="LabResult"]');
  await page.click('#research-save');
  await transactionDone(page, 'Saving your research choices');
  assert.deepEqual((await chain.api.call.consentApi.researchConsent(newcomer.address)).toJSON().categories, ['LabResult']);
  assert.match(await textOf(page, '#research-state'), /your lab results may be used, de-identified, by any approved study/);
  await screenshot(page, '9-research-phone');
  await page.click('#research-withdraw');
  await transactionDone(page, 'Withdrawing from research');
  assert.equal((await chain.api.call.consentApi.researchConsent(newcomer.address)).toJSON(), null);
  await page.close();

  // The guardian, signing in, acts for the patient.
  const asGuardian = await open(guardian);
  const option = await asGuardian.waitForSelector(`option[value="${newcomer.address}"]`, { timeout: 30_000 });
  assert.ok(option);
  await asGuardian.close();
});

test('a patient writes a consent in the full editor: an organisation, actions, records, purposes, an exception and an end date', async () => {
  const patient = await registeredPatient(chain.api);
  const page = await open(patient);
  await openTab(page, 'consents');
  await clickWhenReady(page, '#open-editor');
  await page.select('#ed-org', String(PHARMACY));
  for (const box of ['root-actions', 'root-categories', 'root-purposes']) {
    const value = { 'root-actions': 'Access', 'root-categories': 'Prescription', 'root-purposes': 'TREAT' }[box];
    await page.click(`input[name="${box}"][value="${value}"]`);
  }
  await page.click('.editor button[type="button"]:not(.link)'); // add an exception
  await clickWhenReady(page, 'input[name="x0-labels"][value="HIV"]');
  const nextYear = new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.$eval('#ed-until', (el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, nextYear);
  await page.click('#ed-emergency');
  await screenshot(page, '10-editor');
  await page.click('#ed-grant');
  await transactionDone(page, 'Granting your consent');

  const [c] = (await chain.api.call.consentApi.consents(patient.address)).toJSON();
  assert.deepEqual(c.grantee, { organization: PHARMACY });
  assert.equal(c.provision.decision, 'Permit');
  assert.deepEqual(c.provision.scope.categories, ['Prescription']);
  assert.deepEqual(c.exceptions.map((x) => [x.provision.decision, x.provision.scope.labels]), [['Deny', ['HIV']]]);
  assert.equal(c.emergency, 'Refused');
  assert.ok(c.validity.expiresAt > (await chain.api.rpc.chain.getHeader()).number.toNumber());
  const pharmacist = await hire(chain.api, '//Ferdie', 'Pharmacist');
  const decide = async (labels) => (await chain.api.call.consentApi.checkAccess({
    requester: pharmacist.address, patient: patient.address, action: 'Access', category: 'Prescription', resourceType: null, labels, purpose: 'TREAT',
  })).toJSON();
  assert.deepEqual(await decide([]), { permit: { consent: c.id, provision: 0 } });
  assert.deepEqual(await decide(['HIV']), { deny: { consent: c.id, provision: 1 } });
  await page.close();
});

test('a break-glass opening appears as an alert as it happens, and the reviewer\'s ruling follows', async () => {
  const patient = await registeredPatient(chain.api);
  const page = await open(patient);
  await openTab(page, 'requests');
  await page.waitForSelector('#no-requests');
  // City Hospital's demo physician breaks the glass; an independent privacy officer reviews it.
  const opened = await submit(chain.api, chain.api.tx.consent.breakGlass(patient.address, 'ETREAT', 'PatientIncapacitated', 100), dev('//Ferdie//stash'));
  const episode = findEvent(opened.events, 'consent', 'BreakGlassOpened').data.id.toNumber();
  const alert = await textOf(page, `[data-episode="${episode}"]`);
  assert.match(alert, /City Hospital opened your records in an emergency/);
  assert.match(alert, /emergency treatment, because of you could not be asked \(incapacitated\)/);
  assert.match(alert, /will be reviewed/);
  await submit(chain.api, chain.api.tx.consent.closeReview(episode, false, '0x' + '99'.repeat(32), null), dev('//Bob//stash'));
  await page.waitForFunction((id) => document.querySelector(`[data-episode="${id}"]`)?.textContent.includes('NOT justified'), { timeout: 30_000 }, episode);
  await screenshot(page, '11-break-glass');
  await page.close();
});

test('records the lab filed under the patient\'s pseudonym show too: the wallet derives the pseudonym key in the browser', async () => {
  const patient = await registeredPatient(chain.api);
  // The patient's wallet derives the lab's pseudonym key; the lab funds it (not the patient, which would link them).
  const key = keyring().addFromUri(`${patient.secretUri}//healthchain//pseudonym//${LAB}`);
  await submit(chain.api, chain.api.tx.balances.transferKeepAlive(key.address, 100n * UNIT), dev('//Eve'));
  const pseudonym = u8aToHex(randomBytes(32));
  await submit(chain.api, chain.api.tx.patientIdentity.publishPseudonym(pseudonym, LAB, u8aToHex(randomBytes(32))), key);
  await submit(chain.api, chain.api.tx.consent.grantConsent(
    key.address, { Organization: LAB }, { decision: 'Permit', scope: scope({ actions: ['Store'], categories: ['LabResult'] }) },
    [], '0x' + 'ab'.repeat(32), null, null, 'Allowed',
  ), key);
  const tech = await hire(chain.api, '//Eve', 'LabTechnician');
  const { events } = await submit(chain.api, chain.api.tx.recordAnchors.anchorRecord(
    { Pseudonym: pseudonym }, blake2AsHex(randomBytes(32), 256), 'Blake2b256', 'LabResult', 'Observation', ['N'],
    '0xa1' + u8aToHex(randomBytes(45)).slice(2), null, 'TREAT', null,
  ), tech);
  const id = findEvent(events, 'recordAnchors', 'RecordAnchored').data.id.toNumber();

  const page = await open(patient);
  const card = await textOf(page, `[data-anchor="${id}"]`);
  assert.match(card, /your pseudonym for City Lab/);
  await page.close();
});

test('every screen passes axe-core\'s WCAG 2.1 AA checks (labels, contrast, names) on a phone and on a desktop', async () => {
  const patient = await registeredPatient(chain.api);
  for (const phone of [false, true]) {
    // The sign-in screen, before anything is entered.
    const start = await browser.newPage();
    if (phone) await start.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await start.goto(`${app.url}/?rpc=${encodeURIComponent(chain.node.url)}`);
    await start.waitForSelector('#secret', { timeout: 60_000 });
    assert.deepEqual(await accessibilityViolations(start), [], 'sign-in');
    await start.close();
    const page = await open(patient, { phone });
    for (const tab of ['records', 'requests', 'consents', 'log', 'research', 'identity']) {
      await openTab(page, tab);
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), { timeout: 30_000 });
      assert.deepEqual(await accessibilityViolations(page), [], `${tab} (${phone ? 'phone' : 'desktop'})`);
    }
    // Keyboard: the tabs are reachable and operable without a mouse.
    await page.focus('#tab-records');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#requests-title');
    await page.close();
  }
});

test('a patient signs in with a wallet extension, and the extension signs her transaction', async () => {
  const patient = await registeredPatient(chain.api);
  const page = await browser.newPage();
  // A wallet as polkadot{.js}-compatible extensions inject it (window.injectedWeb3): it holds the
  // key on its side — here in the test process — and signs the payloads the page hands it.
  const signed = [];
  await page.exposeFunction('testWalletSign', (json) => {
    const payload = JSON.parse(json);
    signed.push(payload.method);
    return chain.api.registry.createType('ExtrinsicPayload', payload, { version: payload.version }).sign(patient).signature;
  });
  await page.evaluateOnNewDocument((address) => {
    const accounts = [{ address, name: 'Pat (test wallet)', type: 'sr25519' }];
    window.injectedWeb3 = {
      'test-wallet': {
        version: '1.0.0',
        enable: async () => ({
          accounts: { get: async () => accounts, subscribe: (cb) => { cb(accounts); return () => {}; } },
          signer: { signPayload: async (payload) => ({ id: 1, signature: await window.testWalletSign(JSON.stringify(payload)) }) },
        }),
      },
    };
  }, patient.address);
  await page.goto(`${app.url}/?rpc=${encodeURIComponent(chain.node.url)}`);
  await clickWhenReady(page, '.signin li button');
  await page.waitForSelector('#records-title');
  assert.match(await textOf(page, '.who'), /Pat \(test wallet\)/);
  await openTab(page, 'consents');
  await clickWhenReady(page, 'input[value="lab-results"]');
  await page.click('#grant');
  await transactionDone(page, 'Allowing City Lab');
  assert.equal(signed.length, 1, 'the wallet signed the one transaction');
  const [consent] = (await chain.api.call.consentApi.consents(patient.address)).toJSON();
  assert.deepEqual(consent.grantee, { organization: LAB });
  assert.equal(consent.grantedBy, patient.address);
  await page.close();
});
