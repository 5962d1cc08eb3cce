"""Backup and exchange: ``planwatch dump`` / ``planwatch restore`` of a whole installation or one region's
data as a checksummed archive (see README 「备份与恢复」). No models of its own: it reads and writes the other
apps' tables."""
