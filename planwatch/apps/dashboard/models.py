"""The dashboard has no tables of its own: it reads the stored assessment (evaluation), the plans and the
reporting rounds of one region, and is kept current by the re-assessment after each approval."""
