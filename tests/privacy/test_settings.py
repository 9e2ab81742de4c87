"""The privacy settings from the environment."""

import pytest

from workshop.config import load_config


def test_the_controller_and_retention_have_safe_defaults(tmp_path, monkeypatch):
    for name in (
        "WORKSHOP_CONTROLLER_NAME",
        "WORKSHOP_CONTROLLER_CONTACT",
        "WORKSHOP_DPO_CONTACT",
        "WORKSHOP_PRIVACY_LEGAL_BASIS",
        "WORKSHOP_RETENTION_DAYS",
    ):
        monkeypatch.delenv(name, raising=False)
    config = load_config(str(tmp_path))
    assert config["CONTROLLER_NAME"] == "Pohjois-Pohjanmaan liitto"
    assert (config["CONTROLLER_CONTACT"], config["DPO_CONTACT"]) == ("", "")
    assert config["PRIVACY_LEGAL_BASIS"] == ""
    assert config["RETENTION_DAYS"] == 365


def test_the_controller_and_retention_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_CONTROLLER_NAME", "Kainuun liitto")
    monkeypatch.setenv("WORKSHOP_DPO_CONTACT", "tietosuoja@kainuu.fi")
    monkeypatch.setenv("WORKSHOP_RETENTION_DAYS", "90")
    config = load_config(str(tmp_path))
    assert config["CONTROLLER_NAME"] == "Kainuun liitto"
    assert config["DPO_CONTACT"] == "tietosuoja@kainuu.fi"
    assert config["RETENTION_DAYS"] == 90


@pytest.mark.parametrize("value", ["0", "-5", "a year"])
def test_a_retention_that_is_not_a_positive_number_of_days_is_refused(tmp_path, monkeypatch, value):
    monkeypatch.setenv("WORKSHOP_RETENTION_DAYS", value)
    with pytest.raises(ValueError, match="WORKSHOP_RETENTION_DAYS"):
        load_config(str(tmp_path))
