"""Report generation jobs, evaluation-group drafts and publications (监测评估报告)."""
