"""Values the settings and the CLI's start-up checks share (kept out of settings.py: importing that module
reads the environment, which ``planwatch serve --debug`` changes first)."""

# Public on purpose: any deployment that keeps it can have its sessions forged. `planwatch serve` refuses it.
DEVELOPMENT_SECRET_KEY = "planwatch-insecure-development-key-change-me"
