package cmoadvisor.search;

import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Topic;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells Kyrgyz, Russian and English apart in short chat messages. Latin-only text is English. Cyrillic text
 * is weighed word by word: the Kyrgyz letters ң ө ү, function words of each language, typical endings, and
 * whether the word occurs only in the Kyrgyz or only in the Russian knowledge. Domain words shared by both
 * (маркетинг, стратегия, CMO) carry no vote, and people who type Kyrgyz without ң ө ү are still caught by
 * the other signals.
 */
public final class LanguageDetector {
    /** Words of two letters or more: "$5k" or "5 м" carry no language. */
    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

    private static final Set<String> KY_WORDS = Set.copyOf(List.of(
            "жана", "менен", "үчүн", "учун", "деген", "эмне", "эмнеге", "эмнеси", "кандай", "кантип", "канча",
            "качан", "кайда", "ким", "кимге", "кайсы", "бул", "барбы", "бар", "жок", "керек", "керекпи", "болот",
            "болобу", "бизге", "биздин", "сиздин", "сизге", "мага", "менин", "эле", "гана", "дагы", "бирок",
            "эгер", "же", "экен", "турат", "берет", "кылат", "иштейт", "айына", "жумасына", "күн", "кун", "ай",
            "саат", "тышкы", "штаттагы", "эмес", "менен", "тууралуу", "жөнүндө", "жонундо", "салам",
            "саламатсызбы", "рахмат", "кантип", "канчага", "ооба", "ошол", "ушул", "абдан", "көп", "коп"));
    private static final Set<String> RU_WORDS = Set.copyOf(List.of(
            "и", "в", "во", "не", "что", "как", "на", "с", "со", "у", "нас", "вас", "это", "для", "по", "от", "до",
            "из", "за", "или", "но", "да", "нет", "есть", "сколько", "скока", "какой", "какая", "какие", "кто",
            "когда", "где", "зачем", "почему", "мы", "вы", "наш", "ваш", "нам", "вам", "если", "после", "через",
            "стоит", "стоимость", "работает", "нужен", "нужна", "нужно", "месяц", "месяцев", "неделю", "день",
            "дней", "в", "чем", "чё", "че", "ли", "уже", "еще", "ещё", "такое", "этот", "эта", "при", "без",
            "здравствуйте", "привет", "спасибо", "пожалуйста", "хочу", "можно", "очень", "внешний", "штатный"));
    private static final List<String> KY_ENDINGS = List.of(
            "дын", "дин", "дун", "дүн", "нын", "нин", "нун", "нүн", "тын", "тин", "тун", "түн", "дан", "дөн",
            "дон", "тан", "нан", "нон", "га", "ка", "го", "ко", "гө", "кө", "да", "до", "та", "то", "бы", "пы",
            "бу", "пу", "бү", "пү", "луу", "лүү", "дуу", "дүү", "туу", "лык", "лук", "дык", "дук", "тык", "тук",
            "ган", "гон", "кан", "кон", "быз", "буз", "сыз", "суз", "ыбыз", "убуз", "ңыз", "ңуз", "уу", "оо");
    private static final List<String> RU_ENDINGS = List.of(
            "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ами", "ями", "ться",
            "тся", "ешь", "ует", "ают", "яют", "ость", "ция", "ции", "ство", "ать", "ить", "ять", "еть", "ств",
            "ов", "ев", "ей", "ом", "ем", "ах", "ях");

    private final Set<String> kyOnlyWords = new HashSet<>();
    private final Set<String> ruOnlyWords = new HashSet<>();

    public LanguageDetector(KnowledgeBase knowledge) {
        Set<String> ky = words(knowledge.topics(Lang.KY));
        Set<String> ru = words(knowledge.topics(Lang.RU));
        for (String w : ky) {
            if (!ru.contains(w)) {
                kyOnlyWords.add(w);
            }
        }
        for (String w : ru) {
            if (!ky.contains(w)) {
                ruOnlyWords.add(w);
            }
        }
    }

    /** The language of a message; {@code fallback} when it has no letters at all. */
    public Lang detect(String text, Lang fallback) {
        int cyrillicWords = 0;
        int latinWords = 0;
        double ky = 0;
        double ru = 0;
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String word = m.group();
            if (isCyrillic(word)) {
                cyrillicWords++;
                ky += kyrgyzEvidence(word);
                ru += russianEvidence(word);
            } else {
                latinWords++;
            }
        }
        if (cyrillicWords == 0) {
            return latinWords == 0 ? fallback : Lang.EN;
        }
        if (ky == ru) {
            // No evidence either way: Russian is the more likely one in a terse Cyrillic message.
            return ky == 0 ? Lang.RU : fallback == Lang.EN ? Lang.RU : fallback;
        }
        return ky > ru ? Lang.KY : Lang.RU;
    }

    private double kyrgyzEvidence(String word) {
        double score = 0;
        if (word.indexOf('ң') >= 0 || word.indexOf('ө') >= 0 || word.indexOf('ү') >= 0) {
            score += 3;
        }
        if (KY_WORDS.contains(word)) {
            score += 2;
        }
        String folded = LetterFolding.fold(word);
        if (kyOnlyWords.contains(folded)) {
            score += 1.5;
        }
        if (word.length() > 4 && endsWithAny(word, KY_ENDINGS)) {
            score += 0.5;
        }
        return score;
    }

    private double russianEvidence(String word) {
        double score = 0;
        if (word.indexOf('щ') >= 0 || word.indexOf('ъ') >= 0 || word.indexOf('ё') >= 0) {
            score += 1;
        }
        if (RU_WORDS.contains(word)) {
            score += 2;
        }
        if (ruOnlyWords.contains(LetterFolding.fold(word))) {
            score += 1.5;
        }
        if (word.length() > 4 && endsWithAny(word, RU_ENDINGS)) {
            score += 0.5;
        }
        return score;
    }

    private static boolean endsWithAny(String word, List<String> endings) {
        for (String ending : endings) {
            if (word.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCyrillic(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.UnicodeScript.of(word.charAt(i)) == Character.UnicodeScript.CYRILLIC) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> words(Iterable<Topic> topics) {
        Set<String> words = new HashSet<>();
        for (Topic topic : topics) {
            String all = topic.title() + " " + String.join(" ", topic.questions()) + " " + topic.body();
            var m = WORD.matcher(all.toLowerCase(Locale.ROOT));
            while (m.find()) {
                words.add(LetterFolding.fold(m.group()));
            }
        }
        return words;
    }
}
