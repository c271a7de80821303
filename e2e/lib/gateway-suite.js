// The gateway e2e suite, run once per storage backend (tests/15-gateway-sqlite.test.js and
// tests/16-gateway-postgres.test.js): the record exchange through real gateways — a lab's and a
// hospital's — against one dev chain. A lab anchors and deposits a lab result; a physician is
// refused (403), asks, the patient approves on chain, and the physician retrieves the exact bytes;
// revocation, expiry, a wrong purpose, a sensitive label and an unknown document are refused;
// erasure answers 410; every release and refusal is in the patient's access log, signed by the
// requester. Then bad input, each refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { blake2AsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { registeredPatient } from './suite.js';
import { submit, findEvent, scope, eventually } from './chain.js';
import { useGatewayChain, hire, signedFetch, accessRecordHeaders, provideBundle, tamper } from './gateway.js';

// Dev chain: organisation 0 is the demo hospital (admin //Dave), 1 the demo lab (admin //Eve),
// 2 the demo pharmacy (admin //Ferdie).
const HOSPITAL = 0;
const LAB = 1;
/** Registers the suite's tests, with both gateways keeping documents in `backend` (`sqlite` or `postgres`). */
export function gatewaySuite(backend) {
  const { chain, gateways } = useGatewayChain({
    lab: { organization: LAB, backend, maxBody: 1024 * 1024 },
    hospital: { organization: HOSPITAL, backend },
  });
  const labTechnician = () => hire(chain.api, '//Eve', 'LabTechnician');
  const physician = () => hire(chain.api, '//Dave', 'Physician');
  const pharmacist = () => hire(chain.api, '//Ferdie', 'Pharmacist');

  async function grant(patient, grantee, { actions, categories, purposes = [], labels = [], expiresAt = null }) {
    const { events } = await submit(chain.api, chain.api.tx.consent.grantConsent(
      patient.address, grantee, { decision: 'Permit', scope: scope({ actions, categories, purposes, labels }) },
      [], '0x' + 'ab'.repeat(32), null, expiresAt, 'Allowed',
    ), patient);
    return findEvent(events, 'consent', 'ConsentGranted').data.id.toNumber();
  }

  /** The author anchors `bytes` about `patient` (Blake2b-256, a sealed pointer); returns the anchor id. */
  async function anchor(author, patient, bytes, { category = 'LabResult', type = 'DiagnosticReport', labels = ['N'] } = {}) {
    const { events } = await submit(chain.api, chain.api.tx.recordAnchors.anchorRecord(
      { Patient: patient.address }, blake2AsHex(bytes, 256), 'Blake2b256', category, type, labels,
      '0xa1' + u8aToHex(randomBytes(45)).slice(2), null, 'TREAT', null,
    ), author);
    return findEvent(events, 'recordAnchors', 'RecordAnchored').data.id.toNumber();
  }

  /** A patient whose lab result City Lab anchored and deposited; returns everything a test needs. */
  async function depositedLabResult({ labels = ['N'] } = {}) {
    const patient = await registeredPatient(chain.api);
    // A sensitive label must be named by the consent that lets the lab store the record.
    const sensitive = labels.filter((l) => l !== 'N');
    await grant(patient, { Organization: LAB }, { actions: ['Store'], categories: ['LabResult'], labels: sensitive });
    const tech = await labTechnician();
    const bytes = Buffer.from(JSON.stringify({ resourceType: 'DiagnosticReport', status: 'final', code: { text: 'HbA1c' }, nonce: u8aToHex(randomBytes(8)) }));
    const id = await anchor(tech, patient, bytes, { labels });
    const res = await signedFetch(tech, 'POST', `${gateways.lab.url}/fhir`, { body: provideBundle(patient.address, bytes) });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return { patient, tech, bytes, id };
  }

  /** A signed retrieve of `Binary/<id>` by `who` for `purpose`, with its two access records. */
  async function retrieve(gateway, who, { patient, id, category = 'LabResult' }, purpose = 'TREAT', extra = {}) {
    const records = await accessRecordHeaders(chain.api, who, { patient: patient.address, anchor: id, category, purpose });
    return signedFetch(who, 'GET', `${gateway.url}/fhir/Binary/${id}`, { purpose, headers: { ...records, ...extra } });
  }

  /** The patient's access-log entries for anchor `id` by `who`, once `count` of them are on chain. */
  async function logged(patient, who, id, count) {
    let entries = [];
    await eventually(async () => {
      const log = (await chain.api.call.consentApi.accessLog(patient.address)).toJSON();
      entries = log.filter((e) => e.accessor === who.address && e.record === id);
      return entries.length >= count;
    }, `${count} access-log entries of ${who.address} for anchor ${id}`);
    return entries;
  }

  test('a lab result travels: deposit, refusal, request, approval, exact bytes, revocation', async () => {
    const doc = await depositedLabResult();
    const doctor = await physician();
    // Without consent: nothing found, the retrieve refused with how to ask, the refusal on chain.
    const none = await signedFetch(doctor, 'GET', `${gateways.lab.url}/fhir/DocumentReference?patient=Patient/${doc.patient.address}`, { purpose: 'TREAT' });
    assert.equal(none.status, 200);
    assert.equal(none.json.total, 0);
    const refused = await retrieve(gateways.lab, doctor, doc);
    assert.equal(refused.status, 403);
    assert.equal(refused.json.resourceType, 'OperationOutcome');
    assert.equal(refused.json.issue[0].details.coding[0].code, 'DenyNoConsent');
    assert.match(refused.json.issue[0].diagnostics, /Consent::request_access/);
    const [refusal] = await logged(doc.patient, doctor, doc.id, 1);
    assert.equal(refusal.outcome, 'Failure');
    assert.deepEqual(refusal.decision, { denyNoConsent: null });

    // The physician asks; the patient approves on chain; the same retrieve now succeeds.
    const asked = await submit(chain.api, chain.api.tx.consent.requestAccess(
      doc.patient.address, scope({ actions: ['Access'], categories: ['LabResult'], purposes: ['TREAT'] }), '0x' + 'cd'.repeat(32), 200,
    ), doctor);
    const request = findEvent(asked.events, 'consent', 'AccessRequested').data.id;
    const approved = await submit(chain.api, chain.api.tx.consent.respondToRequest(request, true), doc.patient);
    const consent = findEvent(approved.events, 'consent', 'AccessRequestApproved').data.consent.toNumber();
    const released = await retrieve(gateways.lab, doctor, doc);
    assert.equal(released.status, 200, released.body.toString());
    assert.ok(released.body.equals(doc.bytes), 'the exact bytes anchored');
    assert.equal(released.headers.get('x-access-decision'), 'Permit');
    const entries = await logged(doc.patient, doctor, doc.id, 2);
    const release = entries.find((e) => e.outcome === 'Success');
    assert.deepEqual(release.decision, { permit: { consent, provision: 0 } });
    assert.equal(release.purpose, 'TREAT');
    // Find lists it now, with the URL to retrieve it at.
    const found = await signedFetch(doctor, 'GET', `${gateways.lab.url}/fhir/DocumentReference?patient=${doc.patient.address}&category=LabResult`, { purpose: 'TREAT' });
    assert.equal(found.json.total, 1);
    const ref = found.json.entry[0].resource;
    assert.equal(ref.content[0].attachment.url, `${gateways.lab.url}/fhir/Binary/${doc.id}`);
    assert.deepEqual(ref.identifier, [{ system: 'urn:healthchain:anchor', value: String(doc.id) }]);

    // The patient revokes: the next retrieve is refused, and that refusal is logged too.
    await submit(chain.api, chain.api.tx.consent.revokeConsent(consent), doc.patient);
    const after = await retrieve(gateways.lab, doctor, doc);
    assert.equal(after.status, 403);
    await logged(doc.patient, doctor, doc.id, 3);
  });

  test('expired consent, wrong purpose, sensitive label and unknown document are refused', async () => {
    const doc = await depositedLabResult();
    const doctor = await physician();
    const head = (await chain.api.rpc.chain.getHeader()).number.toNumber();
    await grant(doc.patient, { Member: { account: doctor.address, organization: HOSPITAL } }, { actions: ['Access'], categories: ['LabResult'], purposes: ['TREAT'], expiresAt: head + 3 });
    await eventually(async () => (await chain.api.rpc.chain.getHeader()).number.toNumber() > head + 3, 'the consent expires');
    const expired = await retrieve(gateways.lab, doctor, doc);
    assert.equal(expired.status, 403);
    assert.equal(expired.json.issue[0].details.coding[0].code, 'DenyNoConsent');

    await grant(doc.patient, { Member: { account: doctor.address, organization: HOSPITAL } }, { actions: ['Access'], categories: ['LabResult'], purposes: ['TREAT'] });
    const research = await retrieve(gateways.lab, doctor, doc, 'HRESCH');
    assert.equal(research.status, 403, 'consent for treatment is not consent for research');
    assert.equal((await retrieve(gateways.lab, doctor, doc)).status, 200);

    const restricted = await depositedLabResult({ labels: ['R'] });
    await grant(restricted.patient, { Member: { account: doctor.address, organization: HOSPITAL } }, { actions: ['Access'], categories: ['LabResult'], purposes: ['TREAT'] });
    const sensitive = await retrieve(gateways.lab, doctor, restricted);
    assert.equal(sensitive.status, 403);
    assert.equal(sensitive.json.issue[0].details.coding[0].code, 'DenySensitiveLabel');
    assert.match(sensitive.json.issue[0].diagnostics, /labelled R/);

    const unknown = await retrieve(gateways.lab, doctor, { ...doc, id: 987654 });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.resourceType, 'OperationOutcome');
  });

  test('the patient has a document erased: its key is destroyed and a retrieve answers 410', async () => {
    const doc = await depositedLabResult();
    const doctor = await physician();
    await grant(doc.patient, { Member: { account: doctor.address, organization: HOSPITAL } }, { actions: ['Access'], categories: ['LabResult'], purposes: ['TREAT'] });
    const notPatient = await signedFetch(doctor, 'DELETE', `${gateways.lab.url}/fhir/Binary/${doc.id}`);
    assert.equal(notPatient.status, 403, 'only the patient or a delegate may erase');
    const erased = await signedFetch(doc.patient, 'DELETE', `${gateways.lab.url}/fhir/Binary/${doc.id}`);
    assert.equal(erased.status, 200, JSON.stringify(erased.json));
    const gone = await retrieve(gateways.lab, doctor, doc);
    assert.equal(gone.status, 410);
    // The anchor stays on chain, a bare hash.
    assert.equal((await chain.api.call.anchorsApi.verifyRecord(doc.id, blake2AsHex(doc.bytes, 256))).isTrue, true);
  });

  test('each member keeps its own documents: the hospital gateway serves a prescription to a pharmacy', async () => {
    const patient = await registeredPatient(chain.api);
    await grant(patient, { Organization: HOSPITAL }, { actions: ['Store'], categories: ['Prescription'] });
    await grant(patient, { OrganizationKind: 'Pharmacy' }, { actions: ['Access'], categories: ['Prescription'], purposes: ['TREAT'] });
    const doctor = await physician();
    const bytes = Buffer.from(JSON.stringify({ resourceType: 'MedicationRequest', status: 'active', intent: 'order', n: u8aToHex(randomBytes(8)) }));
    const id = await anchor(doctor, patient, bytes, { category: 'Prescription', type: 'MedicationRequest' });
    // The lab's gateway keeps the lab's documents only.
    const elsewhere = await signedFetch(doctor, 'POST', `${gateways.lab.url}/fhir`, { body: provideBundle(patient.address, bytes, { anchor: id }) });
    assert.equal(elsewhere.status, 403);
    assert.match(elsewhere.json.issue[0].diagnostics, /keeps organisation 1's documents/);
    const deposited = await signedFetch(doctor, 'POST', `${gateways.hospital.url}/fhir`, { body: provideBundle(patient.address, bytes, { anchor: id }) });
    assert.equal(deposited.status, 200, JSON.stringify(deposited.json));
    assert.equal(deposited.json.type, 'transaction-response');
    assert.deepEqual(deposited.json.entry.map((e) => e.response.status), ['201 Created', '201 Created', '201 Created']);
    const chemist = await pharmacist();
    const got = await retrieve(gateways.hospital, chemist, { patient, id, category: 'Prescription' }, 'TREAT', { accept: 'application/fhir+json' });
    assert.equal(got.status, 200, got.body.toString());
    assert.equal(got.json.resourceType, 'Binary');
    assert.ok(Buffer.from(got.json.data, 'base64').equals(bytes));
    await logged(patient, chemist, id, 1);
  });

  test('bad requests are refused by name, and nothing is stored or released', async () => {
    const doc = await depositedLabResult();
    const doctor = await physician();
    await grant(doc.patient, { Member: { account: doctor.address, organization: HOSPITAL } }, { actions: ['Access'], categories: ['LabResult'], purposes: ['TREAT'] });
    const url = `${gateways.lab.url}/fhir/Binary/${doc.id}`;
    const records = () => accessRecordHeaders(chain.api, doctor, { patient: doc.patient.address, anchor: doc.id, category: 'LabResult', purpose: 'TREAT' });

    const unsigned = await signedFetch(null, 'GET', url, { headers: await records() });
    assert.equal(unsigned.status, 401);
    assert.match(unsigned.json.issue[0].diagnostics, /not signed/);
    const stale = await signedFetch(doctor, 'GET', url, { purpose: 'TREAT', headers: await records(), created: Math.floor(Date.now() / 1000) - 3600 });
    assert.equal(stale.status, 401);
    assert.match(stale.json.issue[0].diagnostics, /too long before now/);
    const impostor = await signedFetch(doctor, 'GET', url, { purpose: 'TREAT', headers: { ...(await records()), 'x-purpose-of-use': 'HRESCH' } });
    assert.equal(impostor.status, 401, 'a purpose changed after signing');
    const nonce = u8aToHex(randomBytes(16)).slice(2);
    const first = await signedFetch(doctor, 'GET', url, { purpose: 'TREAT', headers: await records(), nonce });
    assert.equal(first.status, 200);
    const replay = await signedFetch(doctor, 'GET', url, { purpose: 'TREAT', headers: await records(), nonce });
    assert.equal(replay.status, 401);
    assert.match(replay.json.issue[0].diagnostics, /replay/);
    // Someone else's access record, or one for another purpose, does not open the door.
    const other = await physician();
    const stolen = await signedFetch(other, 'GET', url, { purpose: 'TREAT', headers: await records() });
    assert.equal(stolen.status, 400);
    assert.match(stolen.json.issue[0].diagnostics, /signed by another account/);
    const noRecord = await signedFetch(doctor, 'GET', url, { purpose: 'TREAT' });
    assert.equal(noRecord.status, 400);
    assert.match(noRecord.json.issue[0].diagnostics, /X-Access-Record|x-access-record/);
    const noPurpose = await signedFetch(doctor, 'GET', url, { headers: await records() });
    assert.equal(noPurpose.status, 400);

    const tech = doc.tech;
    const malformed = await signedFetch(tech, 'POST', `${gateways.lab.url}/fhir`, { body: '{"resourceType": "Bundle",' });
    assert.equal(malformed.status, 400);
    assert.match(malformed.json.issue[0].diagnostics, /not JSON/);
    const mismatch = await signedFetch(tech, 'POST', `${gateways.lab.url}/fhir`, {
      body: provideBundle(doc.patient.address, Buffer.from('not the anchored document'), { anchor: doc.id }),
    });
    assert.equal(mismatch.status, 422);
    assert.match(mismatch.json.issue[0].diagnostics, /does not match anchor/);
    const unanchored = await signedFetch(tech, 'POST', `${gateways.lab.url}/fhir`, { body: provideBundle(doc.patient.address, randomBytes(64)) });
    assert.equal(unanchored.status, 422);
    assert.match(unanchored.json.issue[0].diagnostics, /no anchor on chain/);
    const huge = await signedFetch(tech, 'POST', `${gateways.lab.url}/fhir`, { body: provideBundle(doc.patient.address, randomBytes(2 * 1024 * 1024)) });
    assert.equal(huge.status, 413);

    // A document altered on disk is never served, and the gateway says so.
    tamper(gateways.lab, doc.id);
    const tampered = await retrieve(gateways.lab, doctor, doc);
    assert.equal(tampered.status, 500);
    assert.match(tampered.json.issue[0].diagnostics, /not served/);
    assert.ok(!tampered.body.includes(doc.bytes), 'no byte of the document');
  });

  test('access records that do not match the retrieve, a second deposit and a withdrawn anchor are refused by name', async () => {
    const doc = await depositedLabResult();
    const doctor = await physician();
    await grant(doc.patient, { Member: { account: doctor.address, organization: HOSPITAL } }, { actions: ['Access'], categories: ['LabResult'], purposes: ['TREAT', 'HRESCH'] });
    const url = `${gateways.lab.url}/fhir/Binary/${doc.id}`;
    const records = (over = {}) => accessRecordHeaders(chain.api, doctor, { patient: doc.patient.address, anchor: doc.id, category: 'LabResult', purpose: 'TREAT', ...over });
    const before = (await chain.api.call.consentApi.accessLog(doc.patient.address)).toJSON().length;

    // A record made for another document cannot be spent on this one.
    const other = await depositedLabResult();
    const elsewhere = await signedFetch(doctor, 'GET', url, { purpose: 'TREAT', headers: await records({ anchor: other.id }) });
    assert.equal(elsewhere.status, 400, elsewhere.body.toString());
    assert.match(elsewhere.json.issue[0].diagnostics, new RegExp(`X-Access-Record names record ${other.id}, not ${doc.id}`));
    // Nor one declaring research while the request says treatment (the log would lie about why).
    const research = await signedFetch(doctor, 'GET', url, { purpose: 'TREAT', headers: await records({ purpose: 'HRESCH' }) });
    assert.equal(research.status, 400);
    assert.match(research.json.issue[0].diagnostics, /declares HRESCH, the request TREAT/);
    // The success record in the refusal slot (so a refusal would be logged as a release) is refused.
    const pair = await records();
    const swapped = await signedFetch(doctor, 'GET', url, {
      purpose: 'TREAT', headers: { 'x-access-record': pair['x-access-refusal'], 'x-access-refusal': pair['x-access-record'] },
    });
    assert.equal(swapped.status, 400);
    assert.match(swapped.json.issue[0].diagnostics, /X-Access-Record records Failure/);
    assert.ok(!swapped.body.includes(doc.bytes) && !research.body.includes(doc.bytes) && !elsewhere.body.includes(doc.bytes));
    // None of them reached the chain: the patient's log is as it was.
    assert.equal((await chain.api.call.consentApi.accessLog(doc.patient.address)).toJSON().length, before);

    // The same document deposited twice: the first copy stays, the second is a conflict.
    const again = await signedFetch(doc.tech, 'POST', `${gateways.lab.url}/fhir`, { body: provideBundle(doc.patient.address, doc.bytes) });
    assert.equal(again.status, 409);
    assert.equal(again.json.issue[0].code, 'duplicate');
    const still = await retrieve(gateways.lab, doctor, doc);
    assert.equal(still.status, 200);
    assert.ok(still.body.equals(doc.bytes));

    // An anchor its author withdrew takes no deposit.
    const patient = await registeredPatient(chain.api);
    await grant(patient, { Organization: LAB }, { actions: ['Store'], categories: ['LabResult'] });
    const bytes = Buffer.from(JSON.stringify({ resourceType: 'Observation', status: 'final', nonce: u8aToHex(randomBytes(8)) }));
    const withdrawn = await anchor(doc.tech, patient, bytes);
    await submit(chain.api, chain.api.tx.recordAnchors.setStatus(withdrawn, 'Withdrawn'), doc.tech);
    const late = await signedFetch(doc.tech, 'POST', `${gateways.lab.url}/fhir`, { body: provideBundle(patient.address, bytes, { anchor: withdrawn }) });
    assert.equal(late.status, 422);
    assert.match(late.json.issue[0].diagnostics, new RegExp(`anchor ${withdrawn} is not current`));
  });

  test('the gateway declares itself: CapabilityStatement and health', async () => {
    const cap = await signedFetch(null, 'GET', `${gateways.hospital.url}/fhir/metadata`);
    assert.equal(cap.status, 200);
    assert.equal(cap.json.resourceType, 'CapabilityStatement');
    assert.equal(cap.json.fhirVersion, '4.0.1');
    const health = await (await fetch(`${gateways.hospital.url}/healthz`)).json();
    assert.equal(health.chain.live, true);
    assert.equal(health.accessRecordAlarms, 0);
  });
}
