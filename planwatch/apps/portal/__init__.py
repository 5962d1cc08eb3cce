"""信息发布: the public portal (no login) — published reports, the plans of each region, indicator pages of
published results (approved data of published years only) — and the feedback form whose messages reach the
committee office's inbox."""
