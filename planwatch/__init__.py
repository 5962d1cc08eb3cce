"""planwatch — 妇女儿童发展规划监测评估系统."""

__version__ = "0.1.0"
