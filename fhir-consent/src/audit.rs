//! The patient's accounting of disclosures (the chain's access log) as FHIR R4 `AuditEvent`s:
//! one module, used by the node's `health_accessLogFhir` (which the patient app downloads) and by
//! `healthchain audit export`.
//!
//! An entry is read in the shape `health_accessLog` answers (`seq`, `accessor`, `organization`,
//! `action`, `category`, `record`, `purpose`, `decision`, `outcome`, `block`); its time is the
//! chain's: the block's distance from `clock` at the chain's block time.

use crate::{format_date_time, ACTREASON_SYSTEM, CATEGORY_SYSTEM};
use serde_json::{json, Value};

/// Where the chain's clock stood when the log was read: a block, its timestamp (ms) and the
/// block time (ms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogClock {
	pub block: i64,
	pub timestamp_ms: i64,
	pub block_ms: i64,
}

impl LogClock {
	/// The time (seconds since the epoch) of block `n`.
	fn seconds_of(&self, n: i64) -> i64 {
		let ms = self
			.timestamp_ms
			.saturating_sub(self.block.saturating_sub(n).saturating_mul(self.block_ms));
		ms.div_euclid(1000)
	}
}

/// One access-log entry about `patient` as a FHIR R4 `AuditEvent`.
pub fn audit_event(e: &Value, patient: &str, clock: &LogClock) -> Value {
	let action = e["action"].as_str().unwrap_or_default();
	let block = e["block"].as_i64().unwrap_or(clock.block);
	let success = e["outcome"].as_str() == Some("Success");
	let decision = &e["decision"];
	let why = decision["basis"].as_str().or(decision["reason"].as_str()).unwrap_or_default();
	let mut entity = vec![json!({
		"what": { "reference": format!("Patient/{patient}") },
		"type": { "system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "1", "display": "Person" },
		"role": { "system": "http://terminology.hl7.org/CodeSystem/object-role", "code": "1", "display": "Patient" },
	})];
	if let Some(record) = e["record"].as_u64() {
		entity.push(json!({
			"what": { "identifier": { "system": "urn:healthchain:anchor", "value": record.to_string() } },
			"type": { "system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "2", "display": "System Object" },
		}));
	}
	json!({
		"resourceType": "AuditEvent",
		"id": format!("{}-{}", patient, e["seq"]),
		"type": { "system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110", "display": "Patient Record" },
		"subtype": [
			{ "system": "urn:healthchain:consent-action", "code": action },
			{ "system": CATEGORY_SYSTEM, "code": e["category"] },
		],
		"action": match action { "Store" => "C", "Amend" => "U", "Access" | "Disclose" => "R", _ => "E" },
		"recorded": format_date_time(clock.seconds_of(block)),
		"outcome": if success { "0" } else { "4" },
		"outcomeDesc": format!("{} ({})", if decision["permit"].as_bool() == Some(true) { "permitted" } else { "denied" }, why),
		"purposeOfEvent": [{ "coding": [{ "system": ACTREASON_SYSTEM, "code": e["purpose"] }] }],
		"agent": [{
			"who": { "identifier": { "system": "urn:healthchain:account", "value": e["accessor"] } },
			"requestor": true,
			"policy": [format!("urn:healthchain:access-log:{}", e["seq"])],
		}, {
			"who": { "identifier": { "system": "urn:healthchain:organization", "value": e["organization"].to_string() } },
			"requestor": false,
		}],
		"source": { "observer": { "display": "Healthchain" }, "site": format!("block {block}") },
		"entity": entity,
	})
}

/// The whole log of `patient` as a FHIR R4 `collection` Bundle of `AuditEvent`s, oldest first.
pub fn audit_bundle(log: &[Value], patient: &str, clock: &LogClock) -> Value {
	let entries: Vec<Value> = log
		.iter()
		.map(|e| json!({ "resource": audit_event(e, patient, clock) }))
		.collect();
	json!({
		"resourceType": "Bundle",
		"type": "collection",
		"timestamp": format_date_time(clock.seconds_of(clock.block)),
		"total": entries.len(),
		"entry": entries,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	const CLOCK: LogClock = LogClock { block: 100, timestamp_ms: 1_764_139_200_000, block_ms: 6000 };

	#[test]
	fn an_access_log_entry_becomes_an_audit_event_dated_by_the_chain() {
		let entry = json!({ "seq": 4, "accessor": "5Doc", "organization": 0, "action": "Access", "category": "LabResult",
			"record": 7, "purpose": "TREAT", "decision": { "permit": false, "reason": "NoConsent" }, "outcome": "Failure", "block": 90 });
		let e = audit_event(&entry, "5Pat", &CLOCK);
		assert_eq!(e["resourceType"], "AuditEvent");
		assert_eq!(e["action"], "R");
		assert_eq!(e["outcome"], "4");
		// Ten blocks of six seconds before the clock's block.
		assert_eq!(e["recorded"], "2025-11-26T06:39:00Z");
		assert_eq!(e["purposeOfEvent"][0]["coding"][0]["code"], "TREAT");
		assert_eq!(e["subtype"][1]["code"], "LabResult");
		assert_eq!(e["entity"][1]["what"]["identifier"]["value"], "7");
		assert_eq!(e["outcomeDesc"], "denied (NoConsent)");
	}

	#[test]
	fn a_release_is_a_successful_read_and_a_deposit_a_create() {
		let entry = |action: &str, outcome: &str| {
			json!({ "seq": 1, "accessor": "5Lab", "organization": 1, "action": action, "category": "LabResult",
				"record": null, "purpose": "TREAT", "decision": { "permit": true, "basis": "Consent" }, "outcome": outcome, "block": 100 })
		};
		let read = audit_event(&entry("Access", "Success"), "5Pat", &CLOCK);
		assert_eq!((read["action"].as_str(), read["outcome"].as_str()), (Some("R"), Some("0")));
		assert_eq!(read["entity"].as_array().map(Vec::len), Some(1), "no record, no record entity");
		assert_eq!(audit_event(&entry("Store", "Success"), "5Pat", &CLOCK)["action"], "C");
		assert_eq!(audit_event(&entry("Amend", "Success"), "5Pat", &CLOCK)["action"], "U");
	}

	#[test]
	fn the_bundle_lists_every_entry_in_order() {
		let log: Vec<Value> = (0..3)
			.map(|seq| {
				json!({ "seq": seq, "accessor": "5Doc", "organization": 0, "action": "Access", "category": "Imaging",
				"record": seq, "purpose": "TREAT", "decision": { "permit": true }, "outcome": "Success", "block": 90 + seq })
			})
			.collect();
		let b = audit_bundle(&log, "5Pat", &CLOCK);
		assert_eq!(
			(b["resourceType"].as_str(), b["type"].as_str(), b["total"].as_u64()),
			(Some("Bundle"), Some("collection"), Some(3))
		);
		let ids: Vec<&str> = b["entry"]
			.as_array()
			.into_iter()
			.flatten()
			.filter_map(|e| e["resource"]["id"].as_str())
			.collect();
		assert_eq!(ids, ["5Pat-0", "5Pat-1", "5Pat-2"]);
	}
}
