"""Moodle XML export and import: round trips, Moodle's own files, defensive parsing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from quiz_samples import CLOZE_TWO, SAMPLES

from quizzes.exchange import ImportDefaults
from quizzes.exchange.moodle_xml import MoodleXmlError, export_moodle_xml, import_moodle_xml
from quizzes.grading import grade
from quizzes.items import KINDS, Choice, QuestionRecord


def test_export_import_export_is_byte_identical() -> None:
    first = export_moodle_xml(SAMPLES)
    imported = import_moodle_xml(first.text)
    second = export_moodle_xml(imported.questions)
    assert second.text == first.text
    assert imported.warnings == ()


def test_round_trip_keeps_every_record() -> None:
    assert {q.kind for q in SAMPLES} == set(KINDS)
    imported = import_moodle_xml(export_moodle_xml(SAMPLES).text.encode("utf-8")).questions
    assert imported == SAMPLES


def test_export_is_well_formed_and_uses_moodle_types() -> None:
    text = export_moodle_xml(SAMPLES).text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    root = ET.fromstring(text)
    types = [q.get("type") for q in root.findall("question")]
    assert types == [
        "truefalse",
        "truefalse",
        "shortanswer",
        "cloze",
        "cloze",
        "cloze",
        "multichoice",
        "ordering",
        "matching",
        "category",
        "multichoice",
        "category",
        "multichoice",
    ]
    by_name = {
        q.findtext("name/text"): q for q in root.findall("question") if q.get("type") != "category"
    }
    single = by_name["a1-sanctions-veto"]
    assert single.findtext("single") == "true"
    assert [a.get("fraction") for a in single.findall("answer")] == ["100", "0", "0"]
    multiple = by_name["b2-which-sources"]
    assert multiple.findtext("single") == "false"
    assert [a.get("fraction") for a in multiple.findall("answer")] == [
        "33.33333",
        "33.33333",
        "-50",
        "-50",
        "33.33333",
    ]
    assert multiple.findtext("answer/text") == "The foreign minister"
    assert [t.text for t in multiple.findall("tags/tag/text")] == ["weights]odd"]
    cloze = by_name["e7-cloze-two"]
    assert cloze.findtext("questiontext/text") == (
        "Fill in both blanks.\n\nThe summit in {1:SHORTANSWER:=Geneva} ended on {1:MULTICHOICE:=June 21~June 22}: "
        "talks # will ~ resume."
    )
    assert (
        by_name["e6-cloze-dropdown"]
        .findtext("questiontext/text")
        .endswith("{1:MULTICHOICE:=historic~modest~%0%=odd~%0%%5% more}")
    )
    ordering = by_name["g9-timeline"]
    assert ordering.findtext("gradingtype") == "RELATIVE_NEXT_EXCLUDE_LAST"
    assert [a.get("fraction") for a in ordering.findall("answer")] == ["1", "2", "3", "4"]
    matching = by_name["h10-claims"]
    assert [
        (s.findtext("text"), s.findtext("answer/text")) for s in matching.findall("subquestion")
    ] == [
        ("The UN imposed sanctions", "False"),
        ("Russia holds a veto", "True"),
        ("Sanctions began in 2006: all of them", "False"),
    ]
    assert (
        by_name["c3-true-false"]
        .findtext("closeread")
        .startswith('{"difficulty":1,"kind":"true-false"')
    )
    assert root.find("question[@type='category']/category/text").text == "Closeread/Evidence"


def test_special_characters_are_escaped() -> None:
    question = QuestionRecord(
        id="xml-chars",
        kind="single-choice",
        skill="detail",
        difficulty=1,
        prompt="<b>AT&T</b> ]]> \"quoted\" 'single' \x01bell",
        explanation="a < b && c > d",
        choices=(Choice("a", "<![CDATA[x]]>", correct=True), Choice("b", "&amp; literally")),
    )
    result = export_moodle_xml([question])
    assert "&lt;b&gt;AT&amp;T&lt;/b&gt; ]]&gt;" in result.text
    back = import_moodle_xml(result.text).questions[0]
    assert (
        back.prompt == "<b>AT&T</b> ]]> \"quoted\" 'single' bell"
    )  # the control character is dropped
    assert back.explanation == question.explanation
    assert [c.text for c in back.choices] == ["<![CDATA[x]]>", "&amp; literally"]


def test_multiple_choice_grades_the_same_after_round_trip() -> None:
    imported = {q.id: q for q in import_moodle_xml(export_moodle_xml(SAMPLES).text).questions}
    for question in SAMPLES:
        if question.kind in ("multiple-choice", "hot-text", "single-choice"):
            ids = tuple(c.id for c in question.choices)
            for cut in range(1, len(ids) + 1):
                assert grade(imported[question.id], ids[:cut]) == grade(question, ids[:cut])
    cloze = imported[CLOZE_TWO.id]
    assert grade(cloze, ("geneva", "June 21")).correct


# -- a file as Moodle writes it -------------------------------------------------------------------------

MOODLE_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Media literacy</text>
    </category>
  </question>
<!-- question: 101  -->
  <question type="multichoice">
    <name>
      <text>Who is behind it?</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Who published the <strong>report</strong> &amp; the poll?</p><p>Pick one.</p>]]></text>
      <file name="chart.png" path="/" encoding="base64">iVBORw0KGgo=</file>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>See the <em>masthead</em>.</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>A think tank</p>]]></text>
      <feedback format="html"><text><![CDATA[<p>Right.</p>]]></text></feedback>
    </answer>
    <answer fraction="0" format="html">
      <text><![CDATA[<p>A newspaper</p>]]></text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <tags>
      <tag><text>sourcing</text></tag>
    </tags>
  </question>
  <question type="truefalse">
    <name><text>TF</text></name>
    <questiontext format="moodle_auto_format"><text>The poll was &lt;b&gt;online&lt;/b&gt;.</text></questiontext>
    <answer fraction="0" format="moodle_auto_format"><text>true</text></answer>
    <answer fraction="100" format="moodle_auto_format"><text>false</text></answer>
  </question>
  <question type="cloze">
    <name><text>Embedded</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>The poll of {2:SA:=1,000~%50%1000#close} adults ran in {1:MCV:May#No~=June#Yes~July}, {1:NM:=2024:0}.</p>]]></text>
    </questiontext>
  </question>
  <question type="description">
    <name><text>Intro</text></name>
    <questiontext format="html"><text>Read the article first.</text></questiontext>
  </question>
  <question type="essay">
    <name><text>Essay</text></name>
    <questiontext format="html"><text>Explain.</text></questiontext>
  </question>
</quiz>
"""


def test_moodle_file_imports() -> None:
    result = import_moodle_xml(MOODLE_FILE, defaults=ImportDefaults(skill="sourcing"))
    by_id = {q.id: q for q in result.questions}
    assert list(by_id) == ["who-is-behind-it", "tf", "embedded"]
    mc = by_id["who-is-behind-it"]
    assert mc.kind == "single-choice"
    assert (
        mc.prompt == "Who published the report & the poll?\n\nPick one."
    )  # paragraphs stay paragraphs
    assert mc.explanation == "See the masthead."
    assert [(c.text, c.correct, c.feedback) for c in mc.choices] == [
        ("A think tank", True, "Right."),
        ("A newspaper", False, None),
    ]
    assert mc.tags == ("category:$course$/top/Media literacy", "sourcing")
    assert (mc.skill, mc.status) == ("sourcing", "draft")
    tf = by_id["tf"]
    assert tf.kind == "true-false" and tf.answer is False
    assert tf.prompt == "The poll was online."
    cloze = by_id["embedded"]
    assert cloze.prompt == "Fill in the blank."
    assert cloze.text == "The poll of {1} adults ran in {2}, {3}."
    assert cloze.blanks[0].accepted == ("1,000",)
    assert cloze.blanks[1].accepted == ("June",) and cloze.blanks[1].options == (
        "May",
        "June",
        "July",
    )
    assert cloze.blanks[2].accepted == ("2024",)
    warnings = "\n".join(result.warnings)
    assert "dropped the files embedded in the question text" in warnings
    assert "blank 1: dropped answers with partial credit" in warnings
    assert "numerical" in warnings
    assert "skipped 'Intro'" in warnings and "Moodle type 'description'" in warnings
    assert "skipped 'Essay'" in warnings


# -- defensive parsing ---------------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<quiz><question type="truefalse"><name><text>&lol2;</text></name></question></quiz>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="shortanswer"><name><text>&xxe;</text></name></question></quiz>
"""


@pytest.mark.parametrize(
    "payload", [BILLION_LAUGHS, EXTERNAL_ENTITY, BILLION_LAUGHS.encode("utf-16")]
)
def test_doctype_and_entities_are_refused(payload: str | bytes) -> None:
    with pytest.raises(MoodleXmlError) as caught:
        import_moodle_xml(payload)
    assert "DOCTYPE declarations are not accepted" in caught.value.problems[0]


def test_doctype_mentioned_inside_cdata_is_fine() -> None:
    text = MOODLE_FILE.replace("Pick one.", "Pick one. <!DOCTYPE html> is not a doctype here.")
    # the HTML-to-text step drops the declaration; the point is that the file is accepted
    assert import_moodle_xml(text).questions[0].prompt.endswith("Pick one. is not a doctype here.")


def test_malformed_xml_reports_the_line() -> None:
    with pytest.raises(MoodleXmlError) as caught:
        import_moodle_xml("<quiz>\n<question type='truefalse'>\n</quiz>\n")
    assert caught.value.problems == ("line 3: not well-formed XML: mismatched tag",)


def test_wrong_root() -> None:
    with pytest.raises(MoodleXmlError, match="expected <quiz>"):
        import_moodle_xml("<html><body/></html>")


def test_question_problems_are_collected_with_lines() -> None:
    text = """<quiz>
<question type="multichoice"><name><text>one</text></name><single>true</single>
  <answer fraction="0"><text>a</text></answer><answer fraction="0"><text>b</text></answer>
</question>
<question type="shortanswer"><name><text>two</text></name>
  <answer fraction="abc"><text>x</text></answer>
</question>
<question type="matching"><name><text>three</text></name>
  <subquestion><text>only</text><answer><text>one</text></answer></subquestion>
</question>
<question type="truefalse"><name><text>four</text></name>
  <closeread>{"kind": "matching", "skill": "detail", "difficulty": 1}</closeread>
</question>
<question type="cloze"><name><text>five</text></name><questiontext format="plain_text"><text>No {1:SA:=closing</text></questiontext></question>
</quiz>"""
    with pytest.raises(MoodleXmlError) as caught:
        import_moodle_xml(text)
    assert caught.value.problems == (
        "line 2: one: a single-answer question needs an answer worth 100 %",
        "line 6: answer fraction 'abc' is not a number",
        "line 5: two: a short-answer question needs an answer worth 100 %",
        "line 8: three: a matching question needs at least 2 pairs",
        "line 11: four: closeread kind 'matching' does not match Moodle type 'truefalse'",
        "line 14: five: embedded answer '{1:SA:' has no closing '}'",
    )
