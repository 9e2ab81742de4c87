"""`workshop synthesis themes FILE --json`: themes of a CSV from anywhere."""

import json

from tests.synthesis import labelled


def _csv(tmp_path, content):
    path = tmp_path / "texts.csv"
    path.write_bytes(content.encode("utf-8"))
    return str(path)


def test_themes_of_a_csv_as_json(app):
    result = app.test_cli_runner().invoke(
        args=["synthesis", "themes", str(labelled.LABELLED), "--json"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output[result.output.index("{") :])
    areas = {area["key"]: area for area in printed["focus_areas"]}
    assert set(areas) == {
        "energia",
        "digitaaliset-palvelut",
        "elintarviketuotanto",
        "terveys-ja-hyvinvointi",
        "uudistuva-teollisuus",
        "bio-ja-kiertotalous",
    }
    energia = areas["energia"]
    assert len(energia["themes"]) >= 4
    theme = energia["themes"][0]
    assert set(theme) >= {"label", "ids", "by_group", "quotes"}
    assert all(i.startswith("r") for i in theme["ids"])
    ids = [i for t in energia["themes"] for i in t["ids"]] + energia["unassigned"]
    assert len(ids) == len(set(ids)) == 56


def test_the_summary_names_muut(app, tmp_path):
    path = _csv(tmp_path, "id,group,focus_area,text\n1,a,energia,Kahvi oli kylmää\n")
    result = app.test_cli_runner().invoke(args=["synthesis", "themes", path, "--lang", "fi"])
    assert result.exit_code == 0, result.output
    assert "muut (1)" in result.output


def test_a_file_without_the_columns_is_refused(app, tmp_path):
    path = _csv(tmp_path, "id,text\n1,Tuulivoima\n")
    result = app.test_cli_runner().invoke(args=["synthesis", "themes", path, "--json"])
    assert result.exit_code != 0
    assert "missing: group,focus_area" in result.output


def test_a_repeated_id_is_refused_with_its_line(app, tmp_path):
    path = _csv(tmp_path, "id,group,focus_area,text\n1,a,e,x\n1,a,e,y\n")
    result = app.test_cli_runner().invoke(args=["synthesis", "themes", path, "--json"])
    assert result.exit_code != 0
    assert "line 3" in result.output


def test_a_file_that_is_not_utf8_is_refused(app, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,group,focus_area,text\n1,a,e,Pöö\n".encode("latin-1"))
    result = app.test_cli_runner().invoke(args=["synthesis", "themes", str(path), "--json"])
    assert result.exit_code != 0
    assert "UTF-8" in result.output
