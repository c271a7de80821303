// The chain's codes in the words a patient reads.
const CATEGORY: Record<string, string> = {
  Prescription: 'Prescription', Imaging: 'Imaging', LabResult: 'Lab result', ClinicalNote: 'Clinical note',
  PsychiatricNote: 'Psychiatric note', Claim: 'Insurance claim', RegistryEntry: 'Registry entry', DeviceData: 'Device data',
  PatientReported: 'Reported by me', Genomic: 'Genomic data', ClinicalTrial: 'Clinical trial', Immunization: 'Immunisation',
  Allergy: 'Allergy', DischargeSummary: 'Discharge summary', SubstanceUseTreatment: 'Substance-use treatment',
};
const CATEGORIES: Record<string, string> = {
  Prescription: 'prescriptions', Imaging: 'imaging', LabResult: 'lab results', ClinicalNote: 'clinical notes',
  PsychiatricNote: 'psychiatric notes', Claim: 'insurance claims', RegistryEntry: 'registry entries', DeviceData: 'device data',
  PatientReported: 'records I reported', Genomic: 'genomic data', ClinicalTrial: 'clinical-trial records',
  Immunization: 'immunisations', Allergy: 'allergies', DischargeSummary: 'discharge summaries',
  SubstanceUseTreatment: 'substance-use treatment records',
};
const PURPOSE: Record<string, string> = {
  TREAT: 'treatment', ETREAT: 'emergency treatment', BTG: 'break-the-glass emergency', HPAYMT: 'payment',
  HOPERAT: 'healthcare operations', HRESCH: 'research', PUBHLTH: 'public health', PATRQT: 'my own request',
  FAMRQT: 'my family\'s request', PWATRNY: 'my power of attorney', HLEGAL: 'legal proceedings', CLMATTCH: 'a claim attachment',
  HMARKT: 'marketing', CAREMGT: 'care management', DONAT: 'donation', FRAUD: 'fraud investigation', GOV: 'government',
  HACCRED: 'accreditation', HCOMPL: 'compliance',
};
const ACTION: Record<string, string> = { Store: 'store', Access: 'read', Use: 'use', Disclose: 'pass on', Amend: 'amend' };

export const category = (c: string) => CATEGORY[c] ?? c;
/** A category in the plural, lower case, as in "your lab results". */
export const categories = (c: string) => CATEGORIES[c] ?? c;
export const purpose = (p: string) => PURPOSE[p] ?? p;
export const action = (a: string) => ACTION[a] ?? a;
export const list = (xs: string[], word: (x: string) => string, empty: string) =>
  xs.length === 0 ? empty : xs.map(word).join(', ');
export const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;
export const when = (d: Date) => d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const day = (d: Date) => d.toLocaleDateString(undefined, { dateStyle: 'medium' });

/** The chain's consent actions, in their bit order. */
export const CONSENT_ACTIONS = ['Store', 'Access', 'Use', 'Disclose', 'Amend'];
/** The chain's delegate actions, in their bit order. */
export const DELEGATE_ACTIONS = ['ManageConsent', 'ApproveAccess', 'Notify', 'AnchorRecords', 'Recovery', 'ReadAudit'];

/** The codes of a code set as the API renders it: a list of names, or a bit set over `codes`. */
export function codeSet(raw: unknown, codes: string[]): string[] {
  if (Array.isArray(raw)) return raw as string[];
  const bits = Number(raw);
  return codes.filter((_, i) => bits & (1 << i));
}
