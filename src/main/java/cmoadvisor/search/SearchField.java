package cmoadvisor.search;

import cmoadvisor.knowledge.Lang;

import java.util.List;

/**
 * The index's text fields, each with its own analysis. Every topic is indexed twice per field: what
 * people ask (questions, title, keywords) and what they read (the body).
 */
enum SearchField {
    /** Kyrgyz with its own letters, stemmed. */
    KY("ky"),
    /** Kyrgyz with ң ө ү folded to н о у before stemming, for people who type without those letters. */
    KY_FOLDED("kyf"),
    RU("ru"),
    EN("en"),
    /** Character trigrams of every word, in any language: catches typos the stemmers cannot. */
    NGRAM("ng");

    final String name;

    SearchField(String name) {
        this.name = name;
    }

    String asked() {
        return "q_" + name;
    }

    String body() {
        return "b_" + name;
    }

    /** The word fields a question in this language is matched against (n-grams come on top). */
    static List<SearchField> wordFieldsFor(Lang lang) {
        return switch (lang) {
            case KY -> List.of(KY, KY_FOLDED);
            case RU -> List.of(RU);
            case EN -> List.of(EN);
        };
    }

    /** The one field whose terms decide how much of a question a topic covers. */
    static SearchField coverageFieldFor(Lang lang) {
        return switch (lang) {
            case KY -> KY_FOLDED;
            case RU -> RU;
            case EN -> EN;
        };
    }
}
