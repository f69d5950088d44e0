"""Shared fixtures: a local Spark session (skipped when Java is missing), demo data paths."""

from __future__ import annotations

import shutil
import warnings

import pytest

warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")


@pytest.fixture(scope="session")
def spark_session():
    """One PySpark session in local mode for the whole test run."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: Spark engine tests need Java 17")
    pyspark = pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("roianalysis-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    del pyspark


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory):
    """The three demo clients generated once per test run into a temporary ``raw`` folder."""
    from roianalysis.data.demo import write_demo_clients

    root = tmp_path_factory.mktemp("demo") / "raw"
    write_demo_clients(root)
    return root
