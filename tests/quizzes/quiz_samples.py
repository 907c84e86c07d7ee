"""Sample questions covering every kind, with awkward text for the exchange round trips."""

from __future__ import annotations

from quizzes.items import Blank, Choice, Pair, Provenance, QuestionRecord

SINGLE = QuestionRecord(
    id="a1-sanctions-veto",
    kind="single-choice",
    skill="evidence",
    difficulty=2,
    prompt="Article 1 says the war 'resulted in a slew of UN sanctions'. What is true?",
    explanation="Russia vetoed the draft of 25 Feb 2022; the sanctions are national or EU measures.",
    articles=("russia-nk-ink-deal",),
    annotation_id="a1-c09",
    choices=(
        Choice(
            id="a",
            text="The Security Council imposed no sanctions: Russia vetoed them.",
            correct=True,
        ),
        Choice(
            id="b",
            text="The Security Council imposed several rounds of sanctions in 2022.",
            feedback="Russia is a permanent member and vetoed them.",
        ),
        Choice(id="c", text="%50% of members voted {for} = a majority ~ roughly # #1"),
    ),
    tags=("category:Closeread/Evidence", "unit-1"),
)

MULTIPLE = QuestionRecord(
    id="b2-which-sources",
    kind="multiple-choice",
    skill="sourcing",
    difficulty=3,
    prompt="Which of these are named sources?\nPick all that apply.",
    explanation="Anonymous officials are not named.",
    articles=("article-one", "article-two"),
    choices=(
        Choice(id="minister", text="The foreign minister", correct=True),
        Choice(id="agency", text="Reuters: a news agency", correct=True),
        Choice(id="official", text="A senior official", feedback="Unnamed."),
        Choice(id="backslash", text=r"C:\path\to — a \\ backslash"),
        Choice(id="analyst", text="An analyst at the 'Institute'", correct=True),
    ),
    status="draft",
    version=3,
    provenance=Provenance(
        origin="generated",
        generator="verdict",
        generator_version=2,
        annotation_id="n7",
        fingerprint="f00d",
    ),
    tags=("category:Closeread/Sourcing", "weights]odd"),
)

TRUE_FALSE = QuestionRecord(
    id="c3-true-false",
    kind="true-false",
    skill="detail",
    difficulty=1,
    prompt="The summit took place in Geneva: true or false?",
    explanation="It took place in Geneva {see paragraph 2}.",
    answer=True,
    passage="The leaders met in Geneva on June 20.",
)

FALSE_STATEMENT = QuestionRecord(
    id="c4-false",
    kind="true-false",
    skill="inference",
    difficulty=2,
    prompt="[Headline] The ministry confirmed the figures.",
    explanation="",
    answer=False,
)

SHORT = QuestionRecord(
    id="d4-short",
    kind="short-answer",
    skill="vocabulary",
    difficulty=2,
    prompt="Which word in paragraph 3 means 'to refuse formally'?",
    explanation="Veto: a formal refusal.",
    accepted=("veto", "vetoed", "T", "%10% off", "a = b: c"),
)

CLOZE_ONE = QuestionRecord(
    id="e5-cloze-date",
    kind="cloze",
    skill="detail",
    difficulty=1,
    prompt="Complete the sentence from the article.",
    explanation="Paragraph 1 gives the date.",
    text="The leaders met in Geneva on {1}, after months of talks.",
    blanks=(Blank(accepted=("June 20", "20 June")),),
)

CLOZE_DROPDOWN = QuestionRecord(
    id="e6-cloze-dropdown",
    kind="cloze",
    skill="detail",
    difficulty=2,
    prompt="Choose the word the article uses.",
    explanation="",
    text="Officials called the deal {1}",
    blanks=(Blank(accepted=("historic",), options=("historic", "modest", "=odd", "%5% more")),),
)

CLOZE_TWO = QuestionRecord(
    id="e7-cloze-two",
    kind="cloze",
    skill="detail",
    difficulty=3,
    prompt="Fill in both blanks.",
    explanation="Both are in the lead.",
    text="The summit in {1} ended on {2}: talks # will ~ resume.",
    blanks=(
        Blank(accepted=("Geneva",)),
        Blank(accepted=("June 21",), options=("June 21", "June 22")),
    ),
)

HOT_TEXT = QuestionRecord(
    id="f8-loaded-words",
    kind="hot-text",
    skill="language",
    difficulty=2,
    prompt="Select the loaded words.",
    explanation="'Regime' and 'slammed' carry judgement.",
    passage="The regime slammed the report, which officials said was balanced.",
    choices=(
        Choice(id="regime", text="regime", correct=True),
        Choice(id="slammed", text="slammed", correct=True),
        Choice(id="report", text="report"),
        Choice(id="balanced", text="balanced"),
    ),
)

ORDERING = QuestionRecord(
    id="g9-timeline",
    kind="ordering",
    skill="sequence",
    difficulty=2,
    prompt="Put the events in order.",
    explanation="See the timeline box.",
    choices=(
        Choice(id="talks", text="Talks began: 10:30 a.m."),
        Choice(id="draft", text="A draft {was} circulated #1"),
        Choice(id="veto", text="Russia vetoed = no"),
        Choice(id="vote", text="The General Assembly voted ~ later"),
    ),
)

MATCHING = QuestionRecord(
    id="h10-claims",
    kind="matching",
    skill="corroboration",
    difficulty=3,
    prompt="Match each claim to its verdict.",
    explanation="Two claims share a verdict.",
    pairs=(
        Pair(id="a", left="The UN imposed sanctions", right="False"),
        Pair(id="b", left="Russia holds a veto", right="True"),
        Pair(id="c", left="Sanctions began in 2006: all of them", right="False"),
    ),
)

# The questions with a category come last: in GIFT and Moodle XML a category applies to every
# question after it, so a question without one must not follow them for a record round trip.
SAMPLES: tuple[QuestionRecord, ...] = (
    TRUE_FALSE,
    FALSE_STATEMENT,
    SHORT,
    CLOZE_ONE,
    CLOZE_DROPDOWN,
    CLOZE_TWO,
    HOT_TEXT,
    ORDERING,
    MATCHING,
    SINGLE,
    MULTIPLE,
)
