//! FHIR instants and the chain's blocks.

/// Pins block `block` to the instant `unix` (seconds since the epoch), with `block_secs` seconds
/// per block, to map instants to blocks (rounded down) and back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
	/// A block.
	pub block: u32,
	/// Its instant.
	pub unix: i64,
	/// Seconds per block (the chain's: 6).
	pub block_secs: i64,
}

impl Clock {
	/// The block in force at instant `t` (0 for instants before block 0).
	pub fn to_block(&self, t: i64) -> u32 {
		let secs = self.block_secs.max(1);
		let delta = t.saturating_sub(self.unix).div_euclid(secs);
		let b = i64::from(self.block).saturating_add(delta);
		u32::try_from(b.max(0)).unwrap_or(u32::MAX)
	}
	/// The instant block `b` starts.
	pub fn to_unix(&self, b: u32) -> i64 {
		self.unix
			.saturating_add((i64::from(b) - i64::from(self.block)).saturating_mul(self.block_secs.max(1)))
	}
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
	let y = if m <= 2 { y - 1 } else { y };
	let era = y.div_euclid(400);
	let yoe = y - era * 400;
	let mp = (m + 9) % 12;
	let doy = (153 * mp + 2) / 5 + d - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
	let z = z + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let d = doy - (153 * mp + 2) / 5 + 1;
	let m = if mp < 10 { mp + 3 } else { mp - 9 };
	(yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn num(s: &str, what: &str) -> Result<i64, String> {
	s.parse::<i64>().map_err(|_| format!("`{s}` is not a valid {what}"))
}

/// Seconds since the epoch of a FHIR `date`/`dateTime`/`instant`. A partial date stands for its
/// first second, or — with `end` — its last (an inclusive end).
pub fn parse_instant(s: &str, end: bool) -> Result<i64, String> {
	let (date, time) = match s.split_once('T') {
		Some((d, t)) => (d, Some(t)),
		None => (s, None),
	};
	let parts: Vec<&str> = date.split('-').collect();
	let (y, m, d, precision) = match parts.as_slice() {
		[y] => (num(y, "year")?, 1, 1, 0),
		[y, m] => (num(y, "year")?, num(m, "month")?, 1, 1),
		[y, m, d] => (num(y, "year")?, num(m, "month")?, num(d, "day")?, 2),
		_ => return Err(format!("`{s}` is not a FHIR date")),
	};
	if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
		return Err(format!("`{s}` is not a FHIR date"));
	}
	let day = days_from_civil(y, m, d) * 86_400;
	let Some(time) = time else {
		if !end {
			return Ok(day);
		}
		let next = match precision {
			0 => days_from_civil(y + 1, 1, 1) * 86_400,
			1 => (if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) }) * 86_400,
			_ => day + 86_400,
		};
		return Ok(next - 1);
	};
	let (clock, offset) = if let Some(c) = time.strip_suffix('Z') {
		(c, 0)
	} else if let Some(i) = time.rfind(['+', '-']) {
		let (c, o) = time.split_at(i);
		let sign = if o.starts_with('-') { -1 } else { 1 };
		let (oh, om) = o[1..].split_once(':').ok_or_else(|| format!("`{s}`: bad time zone"))?;
		(c, sign * (num(oh, "hour")? * 3600 + num(om, "minute")? * 60))
	} else {
		return Err(format!("`{s}`: a dateTime with a time needs a time zone"));
	};
	let hms: Vec<&str> = clock.split(':').collect();
	let [h, mi, sec] = hms.as_slice() else { return Err(format!("`{s}`: bad time")) };
	let sec = sec.split('.').next().unwrap_or("0");
	Ok(day + num(h, "hour")? * 3600 + num(mi, "minute")? * 60 + num(sec, "second")? - offset)
}

/// A FHIR `date` when `t` is midnight UTC (or, with `end`, the last second of a day), else a
/// UTC `dateTime`.
pub fn format_instant_as(t: i64, end: bool) -> String {
	if end && (t + 1).rem_euclid(86_400) == 0 {
		let (y, m, d) = civil_from_days((t + 1).div_euclid(86_400) - 1);
		return format!("{y:04}-{m:02}-{d:02}");
	}
	if t.rem_euclid(86_400) == 0 && !end {
		let (y, m, d) = civil_from_days(t.div_euclid(86_400));
		return format!("{y:04}-{m:02}-{d:02}");
	}
	format_date_time(t)
}

/// `t` as a UTC FHIR `dateTime` with seconds (RFC 3339), midnight included.
pub fn format_date_time(t: i64) -> String {
	let (y, m, d) = civil_from_days(t.div_euclid(86_400));
	let r = t.rem_euclid(86_400);
	format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", r / 3600, (r % 3600) / 60, r % 60)
}

/// [`format_instant_as`] for a start or a point in time.
pub fn format_instant(t: i64) -> String {
	format_instant_as(t, false)
}
