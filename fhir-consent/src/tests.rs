//! Import, export and normalisation of FHIR R4 and R5 consents.

use super::*;
use polkadot_sdk::sp_core::crypto::AccountId32;

fn acc(n: u8) -> AccountId32 {
	AccountId32::new([n; 32])
}

/// 2015-01-01T00:00:00Z is block 1000; six seconds a block.
const CLOCK: Clock = Clock { block: 1000, unix: 1_420_070_400, block_secs: 6 };

fn dir() -> MapDirectory {
	MapDirectory::new()
		.alias("Patient/pat", Party::Patient(acc(1)))
		.alias("Organization/city", Party::Organization(0))
		.alias("Organization/clinic", Party::Organization(5))
		.alias("PractitionerRole/dr-y", Party::Member { account: acc(11), organization: 0 })
		.alias("Practitioner/dr-y", Party::Practitioner(acc(11)))
		.alias("DocumentReference/rx1", Party::Record(42))
}

fn ctx<'a>(d: &'a MapDirectory) -> Context<'a> {
	Context { clock: &CLOCK, directory: d }
}

fn coding(system: &str, code: &str) -> Value {
	json!({"system": system, "code": code})
}

fn actor(role: &str, reference: &str) -> Value {
	json!({"role": {"coding": [coding(PARTICIPATION_SYSTEM, role)]}, "reference": {"reference": reference, "display": "someone"}})
}

/// Pat's R4 consent with every dimension the chain keeps.
fn pat_r4() -> Value {
	json!({
		"resourceType": "Consent",
		"id": "pat-1",
		"text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Pat's consent</div>"},
		"status": "active",
		"scope": {"coding": [coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy")]},
		"category": [{"coding": [coding(LOINC_SYSTEM, "59284-0")]}],
		"patient": {"reference": "Patient/pat", "display": "Pat"},
		"dateTime": "2015-01-01",
		"policy": [{"uri": "https://policies.invalid/hie-terms-v1"}],
		"provision": {
			"type": "permit",
			"period": {"start": "2015-01-01", "end": "2015-12-31"},
			"actor": [actor("PRCP", "Organization/city")],
			"action": [{"coding": [coding(ACTION_SYSTEM, "access")]}, {"coding": [coding(ACTION_SYSTEM, "use")]}],
			"purpose": [coding(ACTREASON_SYSTEM, "TREAT")],
			"provision": [
				{"type": "deny", "securityLabel": [coding(ACTCODE_SYSTEM, "PSY")]},
				{"type": "deny", "period": {"start": "2015-03-01", "end": "2015-03-31"}},
				{"type": "deny", "data": [{"meaning": "instance", "reference": {"reference": "DocumentReference/rx1"}}]},
				{"type": "deny", "actor": [actor("AUT", "Practitioner/dr-y")], "dataPeriod": {"start": "2010-01-01", "end": "2012-12-31"}},
				{"type": "permit", "action": [{"coding": [coding(ACTION_SYSTEM, "disclose")]}],
					"actor": [actor("IRCP", "Organization/clinic")],
					"class": [coding(RESOURCE_TYPES_SYSTEM, "DiagnosticReport")],
					"code": [{"coding": [coding(LOINC_SYSTEM, "11502-2")]}],
					"provision": [{"type": "deny", "actor": [actor("CST", "Organization/clinic")]}]}
			]
		}
	})
}

#[test]
fn an_r4_consent_imports_with_every_dimension() {
	let d = dir();
	let (version, c) = import(&pat_r4(), &ctx(&d)).expect("imports");
	assert_eq!(version, Version::R4);
	assert_eq!(c.patient, acc(1));
	assert_eq!(c.grantee, Grantee::Organization(0));
	assert_eq!(c.provision.decision, Decision::Permit);
	assert_eq!(c.provision.scope.actions, ActionSet::of(&[ConsentAction::Access, ConsentAction::Use]));
	assert_eq!(c.provision.scope.purposes.to_vec(), vec![PurposeOfUse::TREAT]);
	assert_eq!(c.start, Some(1000));
	assert_eq!(c.expires_at, Some(1000 + 365 * 14_400), "FHIR's inclusive end becomes the first block after it");
	assert_eq!(c.policy, H256(polkadot_sdk::sp_crypto_hashing::blake2_256(b"https://policies.invalid/hie-terms-v1")));
	let parents: Vec<u8> = c.exceptions.iter().map(|(p, _)| *p).collect();
	assert_eq!(parents, vec![0, 0, 0, 0, 0, 5], "the nested deny sits under the fifth provision");
	let e = |i: usize| &c.exceptions[i].1;
	assert_eq!(e(0).scope.labels.to_vec(), vec![SecurityLabel::PSY]);
	assert_eq!(e(1).period, Some(Validity { start: 1000 + 59 * 14_400, expires_at: Some(1000 + 90 * 14_400) }));
	assert_eq!(e(2).data.records.to_vec(), vec![DataReference { anchor: 42, original: 0 }]);
	assert_eq!(e(3).data.sources.to_vec(), vec![RecordSource::Author(acc(11))]);
	assert_eq!(e(3).data.data_period, Some(DataPeriod { start: Some(1_262_304_000), end: Some(1_356_998_400 - 1) }));
	assert_eq!(e(4).data.recipients.to_vec(), vec![Grantee::Organization(5)]);
	assert_eq!(e(4).scope.resource_types.to_vec(), vec![FhirResourceType::DiagnosticReport]);
	assert_eq!(e(4).scope.categories.to_vec(), vec![RecordCategory::LabResult]);
	assert_eq!(e(5).data.sources.to_vec(), vec![RecordSource::Custodian(5)]);
}

#[test]
fn r4_round_trip_equals_the_normalised_input() {
	let d = dir();
	let input = pat_r4();
	let (version, c) = import(&input, &ctx(&d)).expect("imports");
	let out = export(&c, version, &CLOCK, &d).expect("exports");
	assert_eq!(out, normalise(&input, &CLOCK));
	// And again: the output is its own normalisation.
	let (_, again) = import(&out, &ctx(&d)).expect("re-imports");
	assert_eq!(again.policy, c.policy);
	assert_eq!(export(&again, version, &CLOCK, &d).expect("exports"), out);
}

#[test]
fn an_r5_opt_out_with_exceptions_inverts_at_each_level() {
	let d = dir();
	let v = json!({
		"resourceType": "Consent", "status": "active",
		"subject": {"reference": "Patient/pat"},
		"decision": "deny",
		"provision": [{"actor": [actor("GRANTEE", "Organization/city")], "purpose": [coding(ACTREASON_SYSTEM, "ETREAT")],
			"provision": [{"securityLabel": [coding(ACTCODE_SYSTEM, "HIV")]}]}]
	});
	let (version, c) = import(&v, &ctx(&d)).expect("imports");
	assert_eq!(version, Version::R5);
	assert_eq!((c.grantee.clone(), c.provision.decision), (Grantee::AnyMember, Decision::Deny));
	assert_eq!(c.exceptions[0].1.decision, Decision::Permit);
	assert_eq!(c.exceptions[0].1.actor, Some(Grantee::Organization(0)));
	assert_eq!((c.exceptions[1].0, c.exceptions[1].1.decision), (1, Decision::Deny));
	let out = export(&c, Version::R5, &CLOCK, &d).expect("exports");
	assert_eq!(out, normalise(&v, &CLOCK));
	// The same consent as R4 states each type.
	let r4 = export(&c, Version::R4, &CLOCK, &d).expect("exports");
	assert_eq!(r4["provision"]["provision"][0]["type"], json!("permit"));
}

#[test]
fn what_the_chain_cannot_express_is_refused_naming_the_element() {
	let d = dir();
	let refuse = |mut v: Value, f: &dyn Fn(&mut Value)| {
		f(&mut v);
		import(&v, &ctx(&d)).expect_err("refused").element
	};
	assert_eq!(refuse(pat_r4(), &|v| v["status"] = json!("draft")), "Consent.status");
	assert_eq!(refuse(pat_r4(), &|v| v["resourceType"] = json!("Patient")), "Consent.resourceType");
	assert_eq!(refuse(pat_r4(), &|v| v["modifierExtension"] = json!([{"url": "x"}])), "Consent.modifierExtension");
	assert_eq!(refuse(pat_r4(), &|v| v["scope"]["coding"][0]["code"] = json!("research")), "Consent.scope");
	assert_eq!(refuse(pat_r4(), &|v| v["patient"]["reference"] = json!("Patient/nobody")), "Consent.patient");
	assert_eq!(
		refuse(pat_r4(), &|v| v["provision"]["provision"][0]["type"] = Value::Null),
		"Consent.provision.provision[0].type"
	);
	assert_eq!(
		refuse(pat_r4(), &|v| v["provision"]["actor"][0]["role"]["coding"][0]["code"] = json!("INF")),
		"Consent.provision.actor[0].role"
	);
	assert_eq!(
		refuse(pat_r4(), &|v| v["provision"]["actor"] =
			json!([actor("PRCP", "Organization/city"), actor("PRCP", "Organization/clinic")])),
		"Consent.provision.actor"
	);
	assert_eq!(
		refuse(pat_r4(), &|v| v["provision"]["provision"][2]["data"][0]["meaning"] = json!("related")),
		"Consent.provision.provision[2].data[0].meaning"
	);
	assert_eq!(
		refuse(pat_r4(), &|v| v["provision"]["purpose"][0]["code"] = json!("FUN")),
		"Consent.provision.purpose[0]"
	);
	assert_eq!(
		refuse(pat_r4(), &|v| v["provision"]["provision"][0]["securityLabel"][0]["code"] = json!("SECRET")),
		"Consent.provision.provision[0].securityLabel[0]"
	);
	assert_eq!(
		refuse(pat_r4(), &|v| v["provision"]["provision"][4]["class"][0] =
			coding("urn:ietf:bcp:13", "application/hl7-cda+xml")),
		"Consent.provision.provision[4].class[0]"
	);
	assert_eq!(
		refuse(pat_r4(), &|v| v["provision"]["expression"] = json!({"language": "text/fhirpath"})),
		"Consent.provision.expression"
	);
	let err = import(
		&json!({"resourceType": "Consent", "status": "active", "patient": {"reference": "Patient/pat"}, "provision": {}}),
		&ctx(&d),
	)
	.expect_err("no decision");
	assert_eq!(
		err.to_string(),
		"Consent.provision.type: the root provision must say deny or permit (or policyRule OPTIN/OPTOUT)"
	);
}

#[test]
fn r5_has_no_form_for_a_constrained_root() {
	let d = dir();
	let (_, c) = import(&pat_r4(), &ctx(&d)).expect("imports");
	assert_eq!(export(&c, Version::R5, &CLOCK, &d).expect_err("no R5 form").element, "Consent.provision");
}

#[test]
fn the_emergency_choice_and_chain_policy_hashes_round_trip() {
	let d = dir();
	let mut v = pat_r4();
	v["extension"] = json!([{"url": EMERGENCY_EXTENSION, "valueCode": "refused"}]);
	v["policy"] = json!([{"uri": format!("{POLICY_URN}0x{}", "ab".repeat(32))}]);
	let (_, c) = import(&v, &ctx(&d)).expect("imports");
	assert_eq!(c.emergency, EmergencyOverride::Refused);
	assert_eq!(c.policy, H256([0xab; 32]));
	let out = export(&c, Version::R4, &CLOCK, &d).expect("exports");
	assert_eq!(out, normalise(&v, &CLOCK));
}

#[test]
fn instants_parse_to_utc_and_format_back() {
	assert_eq!(parse_instant("1970-01-01", false), Ok(0));
	assert_eq!(parse_instant("1970-01-01", true), Ok(86_399));
	assert_eq!(parse_instant("2016-06-23T17:02:33+10:00", false), Ok(1_466_665_353));
	assert_eq!(parse_instant("2015", true), Ok(1_451_606_399));
	assert!(parse_instant("2015-13-01", false).is_err());
	assert!(parse_instant("2015-01-01T10:00:00", false).is_err(), "a time needs a zone");
	assert_eq!(format_instant(1_466_665_353), "2016-06-23T07:02:33Z");
	assert_eq!(format_instant(1_420_070_400), "2015-01-01");
	assert_eq!(format_instant_as(1_420_156_799, true), "2015-01-01");
	assert_eq!(CLOCK.to_block(CLOCK.unix - 1), 999);
	assert_eq!(CLOCK.to_unix(1001), CLOCK.unix + 6);
}

#[test]
fn the_chain_directory_names_every_party_both_ways() {
	for p in [
		Party::Patient(acc(1)),
		Party::Practitioner(acc(2)),
		Party::Member { account: acc(3), organization: 7 },
		Party::Organization(9),
		Party::Kind(OrganizationKind::Pharmacy),
		Party::AnyMember,
		Party::Record(12),
	] {
		assert_eq!(ChainDirectory.resolve(&ChainDirectory.reference(&p)), Some(p));
	}
	assert_eq!(ChainDirectory.resolve("Group/kind-Spaceport"), None);
}
