"""Realistic records for the desktop view tests (no store, no Qt).

The two bodies are the shipped seed articles verbatim (no-break spaces and curly quotes kept);
the annotations follow ../shared/seeds/FACTS.md. `UNICODE_ARTICLE` is a small synthetic body with
an emoji (outside the BMP), no-break spaces, curly quotes and literal HTML, for offset tests.
"""

from __future__ import annotations

from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    SourceRecord,
    TextPosition,
    TextQuote,
)

TREATY_TITLE = "Russia and North Korea Ink Deal Pledging Military Assistance"
TREATY_BODY = (
    "According to North Korean official media, Russia and North Korea have agreed to immediately provide military support to each other in case of a conflict, as stated in a new agreement made during a meeting in Pyongyang.\n\n"
    "Russia and North Korea are strengthening their relationship, which was established during the conflict in Ukraine. Putin paid a state visit to Pyongyang on June 18th and 19th.\xa0\xa0\n\n"
    "Kim Jong Un invited Putin to North Korea Following Kim’s visit last September to Russia.\xa0\n\n"
    "After WWII, North Korea was established as an ally of Russia.\xa0 Following Putin’s worldwide isolation due to Putin’s invasion of Ukraine in 2022, the two nations became even closer allies.\n\n"
    "The US and its allies have long maintained that North Korea supplied Russia with weaponry for the conflict in Ukraine, and the deal only served to heighten their fears that this may continue. \xa0 Putin said that Russia is open to the possibility of a military and technical partnership with North Korea in regard to the pact that was signed.\n\n"
    "In response to the conflict in Ukraine, which has resulted in a slew of UN sanctions against Moscow, Kim referred to Putin as the best ally of Koreans and said that his nation fully supports and stands in solidarity with the Russian government.\n\n"
    "In response, Putin expressed Moscow’s gratitude to Kim, whose nation has been subject to UN sanctions since 2006 due to his illicit arms programs. He praised Kim’s constant and steady support.\xa0 Putin demanded a reevaluation of international sanctions on North Korea and said that the two nations facing heavy sanctions would not buckle to Western pressure.\n\n"
    "Putin presented Kim with a high-end vehicle manufactured by the Russian automaker Aurus and then drove him around.\n\n"
    "The pair also paid a visit to an Orthodox church in Pyongyang.\n\n"
    "Between fifty thousand and seventy thousand Christians are incarcerated in harsh North Korean work camps, where they are subjected to cruel treatment, torture, and the constant threat of death. Roughly 80% of North Korea’s religious detainees are Christians."
)

DETAILS_TITLE = "North Korea Releases Details of Deal With Russia"
DETAILS_BODY = (
    "( – North Korean state media\xa0revealed\xa0on June 19 that the deal between the dictatorships of Russia and North Korea would cover immediate military assistance in times of war. The assistance will consist of mutual protection against both nations’ enemies and military aid, which would take place by delivering weapons and military equipment.\n\n"
    "The revelation occurred a couple of days after the Russian President met with North Korean dictator Kim Jong Un in Pyongyang. During the meeting, the two leaders made the agreement official, strengthening their political and diplomatic ties. Kim and Putin\xa0confirmed\xa0a new strategic partnership, with geopolitical experts explaining that such development sends a threatening message to Western governments.\n\n"
    "The deal comes as the United States and many other Western nations continue sending economic and military aid to Ukraine, which the Kremlin decided to\xa0invade\xa0in February 2022. It also happened at a moment when Washington and some European countries have been making efforts to deter Pyongyang from escalating its military threats against South Korea.\n\n"
    "Some journalists said that Kim claimed after the meeting that the new partnership with Russia can be considered a historic alliance between two nations that the West wants to “oppress.” However, Russian independent reporters said on their Telegram channels that Putin doesn’t view the partnership as Kim does, and he has even told his inner circle that he refuses to label it as an alliance.\n\n"
    "North Korean state media also said that a part of the deal between Pyongyang and Moscow mentions that if one of the two nations gets invaded and is pulled into an armed conflict, the other will immediately provide “all means at its disposal.”\n\n"
    "In a statement, the South Korean government condemned the deal between Putin and Kim, as they claimed that it was “absurd” that two nations that are known for invading others strike a deal with the excuse of a preemptive attack. The South Korean government added that the Kremlin’s decision to support Pyongyang is a direct threat to Seoul and every person in the country.\n\n"
    ""
)

SOURCES: dict[str, SourceRecord] = {
    s.id: s
    for s in (
        SourceRecord(
            id="kcna-treaty-text",
            title="DPRK-Russia Treaty on Comprehensive Strategic Partnership",
            publisher="KCNA via KCNA Watch",
            kind="state-media",
            published="2024-06-20",
            url="https://kcnawatch.org/newstream/1718870859-459880358/dprk-russia-treaty-on-comprehensive-strategic-partnership",
            excerpt="military and other assistance with all means in its possession without delay",
        ),
        SourceRecord(
            id="korea-herald-assistance",
            title="N. Korea, Russia agree to offer military assistance 'without delay' if either is attacked: KCNA",
            publisher="Yonhap via The Korea Herald",
            kind="wire",
            published="2024-06-20",
            url="https://m.koreaherald.com/view.php?ud=20240620050298",
        ),
        SourceRecord(
            id="tass-ushakov-treaties",
            title="Ushakov on the documents the new treaty replaces",
            publisher="TASS",
            kind="state-media",
            published="2024-06-17",
            url="https://tass.com/politics/1804627/amp",
        ),
        SourceRecord(
            id="afp-tag24",
            title="Russia and North Korea sign major new deal as Putin and Kim exchange gushing praise",
            publisher="AFP via TAG24",
            kind="wire",
            published="2024-06-19",
            url="https://www.tag24.com/world/russia/russia-and-north-korea-sign-major-new-deal-as-putin-and-kim-exchange-gushing-praise-3221890",
        ),
        SourceRecord(
            id="india-today-veto",
            title="Russia vetoes UN resolution deploring invasion of Ukraine, China, India abstain",
            publisher="India Today",
            kind="news",
            published="2022-02-26",
            url="https://www.indiatoday.in/world/russia-ukraine-war/story/russia-vetoes-un-resolution-deploring-invasion-of-ukraine-china-india-abstain-1918066-2022-02-26",
        ),
        SourceRecord(
            id="un-sc-8853",
            title="Security Council condemns nuclear test by Democratic People's Republic of Korea (SC/8853)",
            publisher="United Nations",
            kind="official",
            published="2006-10-14",
            url="https://press.un.org/en/2006/sc8853.doc.htm",
        ),
        SourceRecord(
            id="unts-treaty",
            title="Treaty of Friendship, Co-operation and Mutual Assistance (1961)",
            publisher="United Nations Treaty Series",
            kind="primary",
            published="1961-07-06",
            locator="UNTS No. 6045",
        ),
    )
}


def annotation(
    article_id: str,
    body: str,
    number: int,
    quote: str,
    category: str,
    *,
    occurrence: int = 1,
    note: str = "",
    verdict: str | None = None,
    claim_reviewed: str | None = None,
    claim_key: str | None = None,
    anchor_state: str = "anchored",
    citations: tuple[CitationRecord, ...] = (),
) -> AnnotationRecord:
    """An annotation on the `occurrence`-th match of `quote`, with W3C-style selectors."""
    start = -1
    for _ in range(occurrence):
        start = body.index(quote, start + 1)
    end = start + len(quote)
    return AnnotationRecord(
        id=f"{article_id}-{number:02d}",
        article_id=article_id,
        category=category,
        quote=TextQuote(
            exact=quote, prefix=body[max(0, start - 32) : start], suffix=body[end : end + 32]
        ),
        position=TextPosition(start, end),
        note=note,
        verdict=verdict,
        claim_reviewed=claim_reviewed,
        claim_key=claim_key,
        anchor_state=anchor_state,
        citations=citations,
    )


def _treaty_annotations() -> tuple[AnnotationRecord, ...]:
    a, b = "treaty-ink-deal", TREATY_BODY
    return (
        annotation(
            a,
            b,
            1,
            "Russia and North Korea have agreed to immediately provide military support to each other in case of a conflict",
            "claim",
            verdict="accurate",
            claim_reviewed="Russia and North Korea agreed to give each other immediate military support in a conflict.",
            claim_key="mutual-assistance",
            note="**Accurate**, with one simplification: Article 4 is triggered by an *armed invasion* "
            "that puts a party in a state of war, which is narrower than “a conflict”.",
            citations=(
                CitationRecord(
                    "kcna-treaty-text",
                    "supports",
                    "military and other assistance with all means in its possession without delay",
                    "Article 4",
                ),
                CitationRecord("korea-herald-assistance", "supports"),
            ),
        ),
        annotation(
            a,
            b,
            2,
            "According to North Korean official media",
            "attribution",
            note="Names the source: KCNA, the state news agency. Ask: who else reported it?",
        ),
        annotation(
            a,
            b,
            3,
            "which was established during the conflict in Ukraine",
            "claim",
            verdict="inaccurate",
            claim_reviewed="The Russia–North Korea relationship was established during the war in Ukraine.",
            claim_key="relationship-origin",
            note="**Inaccurate.** Moscow's ties with Pyongyang date from 1948; treaties followed in 1961 and 2000.\n\n"
            "- The war *deepened* the relationship\n- It did not create it",
            citations=(
                CitationRecord(
                    "tass-ushakov-treaties", "refutes", locator="Ushakov's list of treaties"
                ),
                CitationRecord("unts-treaty", "refutes", locator="UNTS No. 6045"),
            ),
        ),
        annotation(
            a,
            b,
            4,
            "Putin paid a state visit to Pyongyang on June 18th and 19th.",
            "claim",
            verdict="accurate",
            claim_reviewed="Putin's state visit was on 18–19 June 2024.",
            claim_key="visit-dates",
            note="The Kremlin announced a visit on June 18-19; he landed at about 3 a.m. on the 19th, local time.",
        ),
        annotation(
            a,
            b,
            5,
            "worldwide isolation",
            "loaded-language",
            note="A value judgment: Russia kept ties with China, India and Vietnam.",
        ),
        annotation(
            a,
            b,
            6,
            "Following Putin’s worldwide isolation due to Putin’s invasion of Ukraine in 2022, the two nations became even closer allies.",
            "framing",
            note="Frames the pact as a consequence of isolation.",
        ),
        annotation(
            a,
            b,
            7,
            "which has resulted in a slew of UN sanctions against Moscow",
            "claim",
            verdict="inaccurate",
            claim_reviewed="The war in Ukraine has resulted in UN sanctions against Russia.",
            claim_key="un-sanctions-russia",
            note="**Inaccurate.** Russia vetoes Security Council action; the sanctions on Russia are national or EU measures.",
            citations=(CitationRecord("india-today-veto", "refutes"),),
        ),
        annotation(
            a,
            b,
            8,
            "the best ally of Koreans",
            "claim",
            verdict="misleading",
            claim_reviewed="Kim called Putin the best ally of Koreans.",
            note="Kim called Putin “the dearest friend of the Korean people”; the phrase merges two compliments.",
            citations=(CitationRecord("afp-tag24", "context"),),
        ),
        annotation(
            a,
            b,
            9,
            "since 2006",
            "context",
            note="Resolution 1718 (14 Oct 2006) followed the first nuclear test, under **Kim Jong Il**.",
            citations=(CitationRecord("un-sc-8853", "context"),),
        ),
        annotation(
            a,
            b,
            10,
            "reevaluation",
            "vocabulary",
            note="A new look at something, to decide whether to change it.",
        ),
        annotation(
            a,
            b,
            11,
            "demanded",
            "loaded-language",
            note="Stronger than the original: Putin *called for* a review.",
        ),
        annotation(
            a,
            b,
            12,
            "Between fifty thousand and seventy thousand Christians",
            "claim",
            verdict="unverified",
            claim_reviewed="50,000–70,000 Christians are held in North Korean camps.",
            note="An Open Doors estimate the article does not attribute; it cannot be checked independently.",
        ),
        annotation(
            a,
            b,
            13,
            "The pair also paid a visit to an Orthodox church in Pyongyang.",
            "question",
            note="Who could confirm that Kim went into the church? What would you need to see?",
        ),
        annotation(
            a,
            b,
            14,
            "Roughly 80% of North Korea’s religious detainees",
            "claim",
            verdict="misleading",
            anchor_state="orphaned",
            claim_reviewed="About 80% of North Korea's religious detainees are Christians.",
            note="Traces to a 2020 sample of documented cases, not a count.",
        ),
    )


def _details_annotations() -> tuple[AnnotationRecord, ...]:
    a, b = "details-of-deal", DETAILS_BODY
    return (
        annotation(
            a,
            b,
            1,
            "( –",
            "attribution",
            note="A stripped source tag: no byline, dateline or wire.",
        ),
        annotation(
            a,
            b,
            2,
            "the dictatorships of Russia and North Korea",
            "loaded-language",
            note="A label, not a neutral description.",
        ),
        annotation(
            a,
            b,
            3,
            "would cover immediate military assistance in times of war",
            "claim",
            verdict="accurate",
            claim_reviewed="The deal covers immediate military assistance in war.",
            claim_key="mutual-assistance",
            note="Article 4: assistance “without delay” when a party is put in a state of war.",
            citations=(CitationRecord("kcna-treaty-text", "supports", locator="Article 4"),),
        ),
        annotation(
            a,
            b,
            4,
            "which would take place by delivering weapons and military equipment",
            "claim",
            verdict="unverified",
            claim_reviewed="Assistance would be by delivering weapons and equipment.",
            note="Not in the treaty text as reported: the writer's inference.",
        ),
        annotation(
            a,
            b,
            5,
            "a couple of days after",
            "claim",
            verdict="inaccurate",
            claim_reviewed="The text came out a couple of days after the summit.",
            claim_key="visit-dates",
            note="One day later (20 June, Korean time); it also contradicts the first sentence.",
        ),
        annotation(
            a,
            b,
            6,
            "with geopolitical experts explaining",
            "attribution",
            note="No expert is named.",
        ),
        annotation(
            a,
            b,
            7,
            "which the Kremlin decided to\xa0invade\xa0in February 2022",
            "context",
            note="The full-scale invasion began on 24 February 2022.",
        ),
        annotation(
            a,
            b,
            8,
            "Some journalists said that Kim claimed",
            "attribution",
            note="Hearsay of hearsay: unnamed journalists reporting what Kim “claimed”.",
        ),
        annotation(
            a,
            b,
            9,
            "“oppress.”",
            "claim",
            verdict="unverified",
            claim_reviewed="Kim said the West wants to oppress the two nations.",
            note="No source has Kim using the word.",
        ),
        annotation(
            a, b, 10, "“absurd”", "framing", note="Quoted alone, the word carries the paragraph."
        ),
    )


TREATY_ARTICLE = ArticleRecord(
    id="treaty-ink-deal",
    title=TREATY_TITLE,
    body=TREATY_BODY,
    outlet="Freedom Triumph",
    published=None,
    url="https://freedomtriumph.com/russia-and-north-korea-ink-deal-pledging-military-assistance/",
    annotations=_treaty_annotations(),
)

DETAILS_ARTICLE = ArticleRecord(
    id="details-of-deal",
    title=DETAILS_TITLE,
    body=DETAILS_BODY,
    outlet="Watchdog Report",
    published="2024-06-20",
    url="https://watchdogreport.org/north-korea-releases-details-of-deal-with-russia/",
    annotations=_details_annotations(),
)

TREATY_STATUSES = {
    "treaty-ink-deal-01": "warnings",
    "treaty-ink-deal-03": "checked",
    "treaty-ink-deal-07": "warnings",
    "treaty-ink-deal-08": "checked",
    "treaty-ink-deal-12": "checked",
    "treaty-ink-deal-14": "orphaned",
}

TREATY_FINDINGS = {
    "treaty-ink-deal-01": [
        ("warning", "This claim rests only on state-media sources and one wire report.")
    ],
    "treaty-ink-deal-07": [("warning", "An “inaccurate” verdict resting on a single source.")],
    "treaty-ink-deal-14": [("error", "The anchor was lost: the quote is no longer in the body.")],
}

# Synthetic body for offset tests: "😀" is 1 code point but 2 UTF-16 units; NBSP and curly
# quotes are 1 and 1; the literal tags must show as text.
UNICODE_BODY = (
    "Mood 😀 first: the “deal” was\u00a0signed.\n\n"
    "Second paragraph <b>not bold</b> and <script>alert(1)</script> stay literal.  \n\n\n"
    "Third 😀😀 one with ‘single’ quotes\u00a0and a line\nbreak inside."
)


def _unicode_annotations() -> tuple[AnnotationRecord, ...]:
    a, b = "unicode", UNICODE_BODY
    return (
        annotation(
            a,
            b,
            1,
            "“deal”",
            "claim",
            verdict="accurate",
            claim_reviewed="There was a deal.",
            note="Curly quotes included.",
        ),
        annotation(a, b, 2, "was\u00a0signed", "loaded-language", note="Across a no-break space."),
        annotation(a, b, 3, "<b>not bold</b>", "framing", note="Literal tags."),
        annotation(a, b, 4, "😀😀 one", "vocabulary", note="Two emoji: four UTF-16 units."),
        annotation(
            a,
            b,
            5,
            "one with ‘single’",
            "claim",
            verdict="opinion",
            claim_reviewed="x",
            note="Overlaps annotation 4 on “one”.",
        ),
        annotation(
            a, b, 6, "line\nbreak", "question", note="Across a line break inside a paragraph."
        ),
        annotation(
            a,
            b,
            7,
            "first",
            "context",
            anchor_state="orphaned",
            note="Orphaned: never highlighted.",
        ),
    )


UNICODE_ARTICLE = ArticleRecord(
    id="unicode",
    title="Offsets <i>and</i> “quotes” 😀",
    body=UNICODE_BODY,
    outlet="Test Outlet",
    published="2024-06",
    annotations=_unicode_annotations(),
)
