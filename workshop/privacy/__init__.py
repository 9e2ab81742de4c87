"""Privacy by design: the privacy notice, and export and erasure of participants' personal data."""
