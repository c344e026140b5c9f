// Runs before every test file: nothing global to patch yet; keeps process.env predictable.
process.env.NEXT_TELEMETRY_DISABLED = "1";
