/** VERSION is leaksleuth's release version, reported by the CLI and /api/v1/status/buildinfo. */
export const VERSION = '0.1.0';
