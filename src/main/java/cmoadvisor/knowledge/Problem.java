package cmoadvisor.knowledge;

import java.util.Map;

/**
 * The problems of the knowledge folder that an admin meets while writing and sending topics, worded in every
 * language the bot speaks, so that the admin reads what to fix in their own. {@code {name}} marks a value of
 * the error. The wording lives in the code, not in messages.yaml: it must be there when messages.yaml itself
 * is what is broken. Rarer problems (quiz.yaml, dialogue.yaml, pricing.yaml, messages.yaml) are told in
 * English, inside the admin's own language's frame.
 */
public enum Problem {
    FOLDER_MISSING("the knowledge folder does not exist (set --knowledge DIR or KNOWLEDGE_DIR)",
            "папки знаний нет (укажите --knowledge DIR или KNOWLEDGE_DIR)",
            "билим папкасы жок (--knowledge DIR же KNOWLEDGE_DIR көрсөтүңүз)"),
    NO_TOPICS("there are no topics: write at least one <id>.md in ky/, ru/ or en/",
            "нет ни одной темы: положите хотя бы один файл <id>.md в ky/, ru/ или en/",
            "бир да тема жок: ky/, ru/ же en/ ичине жок дегенде бир <id>.md файлын салыңыз"),
    CANNOT_LIST("cannot list the folder: {detail}",
            "не удаётся прочитать список файлов папки: {detail}",
            "папкадагы файлдардын тизмесин окуй албадым: {detail}"),
    FILE_MISSING("the file is missing",
            "файла нет",
            "файл жок"),
    CANNOT_READ("cannot read the file: {detail}",
            "не удаётся прочитать файл: {detail}",
            "файлды окуй албадым: {detail}"),
    NOT_UTF8("cannot read the file: it is not UTF-8 text (save it as UTF-8)",
            "не удаётся прочитать файл: это не текст в UTF-8 (сохраните его в кодировке UTF-8)",
            "файлды окуй албадым: бул UTF-8 текст эмес (аны UTF-8 коддоосунда сактаңыз)"),
    FILE_EMPTY("the file is empty",
            "файл пустой",
            "файл бош"),
    UNKNOWN_FIELD("unknown field '{field}'",
            "неизвестное поле '{field}'",
            "белгисиз талаа '{field}'"),
    NOT_YAML("not valid YAML: {detail}",
            "это не правильный YAML: {detail}",
            "бул туура YAML эмес: {detail}"),
    TOPIC_NO_OPENING("the file must start with a '---' line that opens the front matter",
            "файл должен начинаться строкой '---', которая открывает заголовок темы",
            "файл теманын башын ачкан '---' сабы менен башталышы керек"),
    TOPIC_NOT_CLOSED("the front matter opened here is never closed with a '---' line",
            "заголовок темы, открытый здесь, не закрыт строкой '---'",
            "бул жерде ачылган теманын башы '---' сабы менен жабылган эмес"),
    TOPIC_UNKNOWN_FIELD("unknown field '{field}' (allowed: id, title, questions, keywords, offer)",
            "неизвестное поле '{field}' (можно: id, title, questions, keywords, offer)",
            "белгисиз талаа '{field}' (болот: id, title, questions, keywords, offer)"),
    TOPIC_FRONT_NOT_YAML("front matter is not valid YAML: {detail}",
            "заголовок темы — не правильный YAML: {detail}",
            "теманын башы туура YAML эмес: {detail}"),
    TOPIC_NO_ID("missing 'id' (it must equal the file name: {expected})",
            "нет 'id' (он должен совпадать с именем файла: {expected})",
            "'id' жок (ал файлдын аты менен бирдей болушу керек: {expected})"),
    TOPIC_BAD_ID("id '{id}' may contain only a-z, 0-9 and single dashes",
            "в id '{id}' допустимы только a-z, 0-9 и одиночные дефисы",
            "id '{id}' ичинде a-z, 0-9 жана жалгыз сызыкчалар гана болот"),
    TOPIC_ID_NOT_FILE("id '{id}' differs from the file name '{expected}'",
            "id '{id}' не совпадает с именем файла '{expected}'",
            "id '{id}' файлдын аты '{expected}' менен дал келбейт"),
    TOPIC_NO_TITLE("missing 'title'",
            "нет 'title'",
            "'title' жок"),
    TOPIC_NO_QUESTIONS("'questions' needs at least one way a prospect might ask for this topic",
            "в 'questions' нужен хотя бы один вопрос, которым клиент может спросить об этой теме",
            "'questions' ичинде кардар бул тема тууралуу сурай турган жок дегенде бир суроо болушу керек"),
    TOPIC_EMPTY_QUESTION("'questions' has an empty item",
            "в 'questions' есть пустой пункт",
            "'questions' ичинде бош пункт бар"),
    TOPIC_BAD_OFFER("offer '{offer}' is not one of quiz, prices, calculator, human",
            "offer '{offer}' — не одно из quiz, prices, calculator, human",
            "offer '{offer}' quiz, prices, calculator, human дегендердин бири эмес"),
    TOPIC_EMPTY_BODY("the answer after the front matter is empty",
            "ответ после заголовка темы пустой",
            "теманын башынан кийинки жооп бош"),
    TOPIC_LONG_BODY("the answer has {length} characters; keep it within {max} (split it into several topics)",
            "в ответе {length} символов; уложитесь в {max} (разделите его на несколько тем)",
            "жоопто {length} белги бар; {max} ичинде калтырыңыз (аны бир нече темага бөлүңүз)"),
    UPLOAD_UNKNOWN_FILE("send a topic as <id>.<ky|ru|en>.md, or one of {files}",
            "пришлите тему как <id>.<ky|ru|en>.md или один из файлов {files}",
            "теманы <id>.<ky|ru|en>.md катары, же {files} файлдарынын бирин жөнөтүңүз"),
    UPLOAD_NO_LANGUAGE("say the topic's language: name the file {id}.ru.md (or .ky.md, .en.md), or write ky, ru or en as the caption",
            "укажите язык темы: назовите файл {id}.ru.md (или .ky.md, .en.md) или напишите ky, ru или en в подписи",
            "теманын тилин көрсөтүңүз: файлды {id}.ru.md (же .ky.md, .en.md) деп атаңыз, же файл менен кошо ky, ru же en деп жазыңыз");

    private final String en;
    private final String ru;
    private final String ky;

    Problem(String en, String ru, String ky) {
        this.en = en;
        this.ru = ru;
        this.ky = ky;
    }

    /** The problem in {@code lang}, its values filled in (as plain text: the caller escapes for HTML). */
    public String in(Lang lang, Map<String, String> values) {
        String template = switch (lang) {
            case EN -> en;
            case RU -> ru;
            case KY -> ky;
        };
        return cmoadvisor.text.Placeholders.fill(template, values);
    }
}
