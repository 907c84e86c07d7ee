"""QTI 3.0 packages: structure, namespaces, manifest, reproducibility and the shared validator."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from quiz_samples import HOT_TEXT, SAMPLES

from quizzes.exchange.qti import QTI_NAMESPACE, export_qti_package, ncname, qti_item
from quizzes.items import Blank, Choice, QuestionRecord

NS = {"qti": QTI_NAMESPACE, "cp": "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"}
VALIDATOR = (
    Path(__file__).resolve().parents[3] / "shared" / "validators" / "qti21" / "check_qti3.sh"
)

INTERACTIONS = {
    "single-choice": "qti-choice-interaction",
    "multiple-choice": "qti-choice-interaction",
    "true-false": "qti-choice-interaction",
    "short-answer": "qti-text-entry-interaction",
    "cloze": "qti-text-entry-interaction",
    "hot-text": "qti-hottext-interaction",
    "ordering": "qti-order-interaction",
    "matching": "qti-match-interaction",
}


def edge_questions() -> list[QuestionRecord]:
    """Questions that stress identifiers, mixed content and scoring corner cases."""
    return [
        QuestionRecord(
            id="1 bad id/é",
            kind="single-choice",
            skill="detail",
            difficulty=1,
            prompt="Two answers are right.\nEither will do.",
            explanation="Line one.\n\nParagraph two & more <tags>.",
            passage="A quote that explains it.",
            choices=(
                Choice("1", "one", correct=True),
                Choice("a b", "two", correct=True),
                Choice("a_b", "three"),
            ),
        ),
        QuestionRecord(
            id="1 bad id/ê",  # sanitises to the same name as the one above
            kind="hot-text",
            skill="language",
            difficulty=2,
            prompt="Pick the loaded words.",
            explanation="",
            passage="First paragraph with slammed.\n\nSecond paragraph, slammed again and a regime.",
            choices=(
                Choice("s1", "slammed", correct=True),
                Choice("s2", "slammed"),
                Choice("r", "regime", correct=True),
                Choice("x", "not in the passage"),
            ),
        ),
        QuestionRecord(
            id="cloze-paragraphs",
            kind="cloze",
            skill="detail",
            difficulty=2,
            prompt="",
            explanation="",
            text="First {1} line.\nSecond line {2}.\n\n{3} starts a paragraph.",
            blanks=(
                Blank(accepted=("a", "A")),
                Blank(accepted=("b",), options=("b", "c")),
                Blank(accepted=("It",)),
            ),
        ),
        QuestionRecord(
            id="one-item",
            kind="ordering",
            skill="sequence",
            difficulty=1,
            prompt="Only one.",
            explanation="",
            choices=(Choice("x", "x"),),
        ),
    ]


def export(
    tmp_path: Path,
    questions: list[QuestionRecord] | tuple[QuestionRecord, ...],
    name: str = "quiz.zip",
) -> Path:
    path = tmp_path / name
    export_qti_package(questions, path, title="Sample quiz")
    return path


def test_every_item_is_a_qti3_item(tmp_path: Path) -> None:
    package = export_qti_package(SAMPLES, tmp_path / "quiz.zip", title="Sample quiz")
    assert package.warnings == ()
    with zipfile.ZipFile(package.path) as archive:
        assert len(package.items) == len(SAMPLES)
        for question, href in zip(SAMPLES, package.items):
            root = ET.fromstring(archive.read(href))
            assert root.tag == f"{{{QTI_NAMESPACE}}}qti-assessment-item"
            assert root.get("identifier") == question.id
            assert href == f"items/{question.id}.xml"
            children = [child.tag.split("}")[1] for child in root]
            assert children[-2:] == ["qti-item-body", "qti-response-processing"]
            assert children.index("qti-outcome-declaration") > max(
                i for i, tag in enumerate(children) if tag == "qti-response-declaration"
            )
            interactions = {
                element.tag.split("}")[1]
                for element in root.iter()
                if element.tag.endswith("-interaction")
            }
            assert INTERACTIONS[question.kind] in interactions or (
                question.kind == "cloze" and "qti-inline-choice-interaction" in interactions
            )
            outcome = root.find("qti:qti-outcome-declaration[@identifier='SCORE']", NS)
            assert outcome is not None and outcome.get("base-type") == "float"
            for element in root.iter():
                assert element.tag.startswith(f"{{{QTI_NAMESPACE}}}"), element.tag


def test_manifest_lists_every_item_and_the_test(tmp_path: Path) -> None:
    package = export_qti_package(SAMPLES, tmp_path / "quiz.zip", title="Sample quiz")
    with zipfile.ZipFile(package.path) as archive:
        names = set(archive.namelist())
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        resources = manifest.findall("cp:resources/cp:resource", NS)
        items = [r for r in resources if r.get("type") == "imsqti_item_xmlv3p0"]
        assert [r.get("href") for r in items] == list(package.items)
        for resource in items:
            assert [f.get("href") for f in resource.findall("cp:file", NS)] == [
                resource.get("href")
            ]
        (test,) = [r for r in resources if r.get("type") == "imsqti_test_xmlv3p0"]
        assert [d.get("identifierref") for d in test.findall("cp:dependency", NS)] == [
            r.get("identifier") for r in items
        ]
        listed = {f.get("href") for r in resources for f in r.findall("cp:file", NS)}
        assert names == listed | {"imsmanifest.xml"}
        test_root = ET.fromstring(archive.read("assessment-test.xml"))
        refs = test_root.findall(".//qti:qti-assessment-item-ref", NS)
        assert [ref.get("href") for ref in refs] == list(package.items)


def test_package_is_reproducible(tmp_path: Path) -> None:
    first = export(tmp_path, SAMPLES, "a.zip").read_bytes()
    second = export(tmp_path, SAMPLES, "b.zip").read_bytes()
    assert first == second


def test_scoring_declarations() -> None:
    by_id = {q.id: ET.fromstring(qti_item(q).xml) for q in SAMPLES}
    multiple = by_id["b2-which-sources"]
    entries = {
        e.get("map-key"): float(e.get("mapped-value") or 0)
        for e in multiple.findall(".//qti:qti-map-entry", NS)
    }
    assert entries == pytest.approx(
        {
            "C_minister": 1 / 3,
            "C_agency": 1 / 3,
            "C_official": -0.5,
            "C_backslash": -0.5,
            "C_analyst": 1 / 3,
        }
    )
    assert (
        multiple.find("qti:qti-response-processing", NS)
        .get("template", "")
        .endswith("/map_response.xml")
    )
    single = by_id["a1-sanctions-veto"]
    assert [v.text for v in single.findall(".//qti:qti-correct-response/qti:qti-value", NS)] == [
        "C_a"
    ]
    assert (
        single.find("qti:qti-response-processing", NS)
        .get("template", "")
        .endswith("/match_correct.xml")
    )
    ordering = by_id["g9-timeline"]
    assert ordering.find("qti:qti-response-declaration", NS).get("cardinality") == "ordered"
    assert len(ordering.findall(".//qti:qti-response-condition", NS)) == 3
    matching = by_id["h10-claims"]
    assert [v.text for v in matching.findall(".//qti:qti-correct-response/qti:qti-value", NS)] == [
        "L_a R_1",
        "L_b R_2",
        "L_c R_1",
    ]
    assert len(matching.findall(".//qti:qti-simple-match-set", NS)) == 2
    cloze = by_id["e7-cloze-two"]
    assert [d.get("identifier") for d in cloze.findall("qti:qti-response-declaration", NS)] == [
        "RESPONSE_1",
        "RESPONSE_2",
    ]
    assert cloze.find(".//qti:qti-inline-choice-interaction", NS) is not None
    short = by_id["d4-short"]
    assert {e.get("case-sensitive") for e in short.findall(".//qti:qti-map-entry", NS)} == {"false"}
    tf = by_id["c4-false"]
    assert [v.text for v in tf.findall(".//qti:qti-correct-response/qti:qti-value", NS)] == [
        "FALSE"
    ]


def test_hot_text_wraps_each_phrase_in_the_passage() -> None:
    root = ET.fromstring(qti_item(HOT_TEXT).xml)
    paragraph = root.find(".//qti:qti-hottext-interaction/qti:p", NS)
    assert "".join(paragraph.itertext()) == HOT_TEXT.passage
    assert [h.get("identifier") for h in paragraph.findall("qti:qti-hottext", NS)] == [
        "H_regime",
        "H_slammed",
        "H_report",
        "H_balanced",
    ]


def test_identifiers_are_ncnames_and_unique(tmp_path: Path) -> None:
    assert ncname("1 bad id/é") == "ID_1_bad_id__"
    assert ncname("ok-id.v2") == "ok-id.v2"
    package = export_qti_package(edge_questions(), tmp_path / "edge.zip", title="Edge cases")
    assert package.items[:2] == ("items/Q_1_bad_id__.xml", "items/Q_1_bad_id___2.xml")
    warnings = "\n".join(package.warnings)
    assert "identifier written as 'Q_1_bad_id__'" in warnings
    assert "several correct choices" in warnings
    assert "phrases not found in the passage" in warnings and "'not in the passage'" in warnings
    with zipfile.ZipFile(package.path) as archive:
        hot = ET.fromstring(archive.read(package.items[1]))
        ids = [h.get("identifier") for h in hot.iter(f"{{{QTI_NAMESPACE}}}qti-hottext")]
        assert sorted(ids) == ["H_r", "H_s1", "H_s2", "H_x"]  # both "slammed" found, one each
        cloze = ET.fromstring(archive.read(package.items[2]))
        body = cloze.find("qti:qti-item-body", NS)
        assert len(body.findall("qti:p", NS)) == 2  # the empty prompt writes nothing
        assert body.find("qti:p/qti:br", NS) is not None


def _validator_tools() -> tuple[str, str] | None:
    converter = shutil.which("qti-convert") or str(Path(sys.executable).with_name("qti-convert"))
    if not Path(converter).exists() or importlib.util.find_spec("xmlschema") is None:
        return None
    return converter, sys.executable


def _run_validator(target: Path) -> subprocess.CompletedProcess[str]:
    tools = _validator_tools()
    if not VALIDATOR.exists():
        pytest.skip(f"QTI validator not found at {VALIDATOR}")
    if tools is None:
        pytest.skip(
            "QTI validator needs qti-convert (pip install citolab-qti-convert) and xmlschema"
        )
    converter, python = tools
    env = {**os.environ, "QTI_CONVERT": converter, "PYTHON": python}
    return subprocess.run(
        ["bash", str(VALIDATOR), str(target)],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_package_passes_the_shared_qti_validator(tmp_path: Path) -> None:
    questions = [*SAMPLES, *edge_questions()]
    package = export_qti_package(questions, tmp_path / "all.zip", title="Every kind")
    result = _run_validator(package.path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"{len(package.items)} items, 0 invalid" in result.stdout, output


def test_validator_catches_a_broken_item(tmp_path: Path) -> None:
    """A negative control: the chain really checks what we write."""
    xml = qti_item(SAMPLES[-2]).xml  # single-choice
    broken = ET.fromstring(xml)
    interaction = broken.find(".//qti:qti-choice-interaction", NS)
    for choice in interaction.findall("qti:qti-simple-choice", NS):
        interaction.remove(choice)
    path = tmp_path / "broken.xml"
    path.write_text(ET.tostring(broken, encoding="unicode"), encoding="utf-8")
    result = _run_validator(path)
    assert result.returncode == 1
    assert "1 items, 1 invalid" in result.stdout
