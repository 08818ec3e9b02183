"""Language labels: the English seeds are "en", Russian, Chinese, German and French news are "non-en"."""

from __future__ import annotations

import pandas as pd
import pytest
from newsframe.language import (
    MIN_FUNCTION_SHARE,
    detect_language,
    english_function_words,
    language_features,
)

PARAGRAPHS = {
    "ru": "Россия и Китай подписали совместное заявление об углублении отношений всеобъемлющего партнёрства и стратегического взаимодействия. Президент Владимир Путин прибыл в Пекин с двухдневным государственным визитом, в ходе которого стороны обсудили торговлю, энергетику и ситуацию на Украине. Эксперты отмечают, что товарооборот между странами в прошлом году достиг рекордного уровня.",
    "zh": "中国和俄罗斯签署了关于深化新时代全面战略协作伙伴关系的联合声明。俄罗斯总统普京抵达北京，开始为期两天的国事访问，双方讨论了贸易、能源以及乌克兰局势。专家指出，两国去年的贸易额创下历史新高。",
    "de": "Russland und China haben eine gemeinsame Erklärung zur Vertiefung ihrer strategischen Partnerschaft unterzeichnet. Präsident Wladimir Putin ist zu einem zweitägigen Staatsbesuch in Peking eingetroffen, bei dem die beiden Seiten über Handel, Energie und die Lage in der Ukraine sprachen. Experten weisen darauf hin, dass der Handel zwischen den beiden Ländern im vergangenen Jahr einen Rekordwert erreicht hat, was auch an den westlichen Sanktionen liegt.",
    "fr": "La Russie et la Chine ont signé une déclaration commune sur l'approfondissement de leur partenariat stratégique. Le président Vladimir Poutine est arrivé à Pékin pour une visite d'État de deux jours, au cours de laquelle les deux parties ont discuté du commerce, de l'énergie et de la situation en Ukraine. Selon les experts, les échanges entre les deux pays ont atteint un niveau record l'an dernier, ce qui s'explique en partie par les sanctions occidentales.",
    "es": "Rusia y China firmaron una declaración conjunta sobre la profundización de su asociación estratégica. El presidente Vladímir Putin llegó a Pekín para una visita de Estado de dos días, en la que ambas partes hablaron de comercio, energía y la situación en Ucrania. Según los expertos, el comercio entre los dos países alcanzó un nivel récord el año pasado.",
    "nl": "Rusland en China hebben een gezamenlijke verklaring ondertekend over de verdieping van hun strategische partnerschap. President Vladimir Poetin is in Peking aangekomen voor een staatsbezoek van twee dagen, waarbij beide partijen spraken over handel, energie en de situatie in Oekraïne. Volgens deskundigen heeft de handel tussen de twee landen vorig jaar een recordniveau bereikt.",
}


def test_every_seed_article_is_english(seed_articles: pd.DataFrame) -> None:
    assert detect_language(seed_articles["clean_text"]).tolist() == ["en"] * 5
    shares = language_features(seed_articles["clean_text"])["function_share"]
    assert shares.between(0.30, 0.45).all(), shares.tolist()


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_other_languages_are_not_english(code: str) -> None:
    texts = pd.Series([PARAGRAPHS[code]], index=[code])
    assert detect_language(texts)[code] == "non-en"
    features = language_features(texts).loc[code]
    if code in ("ru", "zh"):
        assert features["latin_share"] == 0.0
    else:
        assert features["latin_share"] == 1.0 and features["function_share"] < MIN_FUNCTION_SHARE / 2


def test_short_or_empty_texts_are_undetermined() -> None:
    texts = pd.Series(["", "Story 1.", "Россия", None, "12 34 56 78 90 " * 20])
    assert detect_language(texts).tolist() == ["und"] * 5


def test_a_quotation_does_not_flip_the_label(seed_articles: pd.DataFrame) -> None:
    english = seed_articles["clean_text"].iloc[2]
    russian_with_english_quote = PARAGRAPHS["ru"] + " He said: “We will see.” " + PARAGRAPHS["ru"]
    texts = pd.Series([english + "\n\n" + PARAGRAPHS["ru"], russian_with_english_quote])
    assert detect_language(texts).tolist() == ["en", "non-en"]


def test_index_is_kept_and_labels_are_from_a_fixed_set() -> None:
    texts = pd.Series(
        list(PARAGRAPHS.values()) + ["The talks in Moscow ended with a statement that both sides would meet again."],
        index=range(10, 17),
    )
    labels = detect_language(texts)
    assert labels.index.tolist() == list(range(10, 17))
    assert labels.iloc[-1] == "en" and set(labels) <= {"en", "non-en", "und"}


def test_function_word_list_is_lower_case_and_english() -> None:
    words = english_function_words()
    assert {"the", "of", "and", "which"} <= words
    assert all(word == word.lower() and word.isalpha() for word in words)
