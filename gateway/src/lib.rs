//! # Healthchain gateway
//!
//! The chain decides who may store or read a patient's records; the gateway is where the records
//! are, and it obeys those decisions. In IHE terms Healthchain is the document registry (anchors),
//! the consent authority and the audit record; each member organisation runs a gateway as its
//! document repository and enforcement point (MHD: ITI-65 provide, ITI-67 find, ITI-68 retrieve).
//!
//! ## Terminology
//!
//! - **Requester**: the member (or patient) whose chain key signs an HTTP request; the gateway
//!   knows nobody else ([`signature`]).
//! - **Purpose of use**: the HL7 `PurposeOfUse` code a request declares (`X-Purpose-Of-Use`),
//!   the purpose the chain's consent decision is asked about.
//! - **Content hash**: what an anchor on chain records of a document; the gateway computes it with
//!   the anchor's algorithm before it accepts a document and again before it releases one
//!   ([`hashing`]).
//! - **Data key**: the key one document is encrypted with at rest; it is stored only wrapped by
//!   the gateway's master key, and erasing a document destroys it ([`vault`]).
//!
//! ## The scenario this crate serves
//!
//! 1. A lab technician's system anchors a lab result on chain (`RecordAnchors::anchor_record`),
//!    then posts the FHIR Bundle with the document to the lab's gateway, signed with the
//!    technician's key. The gateway checks the signature and the body digest, hashes the
//!    document as the anchor says, finds the anchor, and stores the document sealed under a new
//!    data key.
//! 2. A pharmacist asks the lab's gateway for the document, signed, for purpose `TREAT`. The
//!    gateway asks the chain for the decision; without consent it refuses (`403`) and says how to
//!    ask the patient; with it, it has the access recorded on chain and releases the bytes, after
//!    checking that they still hash to the anchor.
//! 3. The patient asks for erasure: the data key is destroyed, the anchor stays a bare hash, and
//!    a later retrieve answers `410 Gone`.
//!
//! The parts: request signatures ([`signature`]), content hashing ([`hashing`]), sealed documents
//! ([`vault`]), the document store on SQLite or PostgreSQL ([`store`]), the chain as subxt sees it
//! through this runtime's metadata ([`chain`]), the FHIR resources of MHD ([`fhir`]) and the HTTP
//! interface ([`server`]); the binary `healthchain-gateway` runs them. `docs/gateway.md` is the
//! integrator's guide.

pub mod chain;
pub mod fhir;
pub mod hashing;
pub mod pointer;
pub mod server;
pub mod signature;
pub mod store;
pub mod vault;
