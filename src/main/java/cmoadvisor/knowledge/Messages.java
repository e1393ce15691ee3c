package cmoadvisor.knowledge;

import java.util.Map;

/**
 * The bot's own phrases (greeting, help, "I don't know"), kept in {@code knowledge/messages.yaml} so that
 * the agency can reword them without a release. Placeholders are written {@code {name}}.
 */
public final class Messages {
    /** Keys the code relies on; loading fails if any is missing in any language. */
    public static final java.util.List<String> REQUIRED = java.util.List.of(
            "reply_in_hours", "reply_after_hours", "topic_name", "card_status_reopened", "btn_history", "btn_hand_over",
            "hand_over_whom", "hand_over_refused", "lead_handed_over", "lead_reopened_by_prospect",
            "lead_reopened_for_prospect", "history_title", "history_prospect", "history_bot", "history_empty",
            "reminder_lead_not_taken", "reminder_lead_to_admins", "reminder_message_unanswered", "reminder_quiz",
            "reminder_phone", "admin_reminders",
            "decline", "welcome", "help", "language_set", "empty_question", "choose_language", "btn_ask", "btn_quiz",
            "btn_prices", "btn_human", "btn_calculator", "btn_no_thanks", "ask_prompt", "cancelled",
            "nothing_to_cancel", "forget_confirm", "btn_forget_yes", "btn_forget_no", "forgotten", "forget_kept",
            "unsupported", "error", "button_expired", "prices_title", "prices_model", "prices_footer", "unit_hour",
            "unit_month", "unit_project", "unit_hours_per_month", "unit_days_per_week", "calc_prompt",
            "calc_bad_input", "calc_result", "calc_no_saving", "calc_up_to", "calc_note", "quiz_intro", "quiz_resume",
            "quiz_not_understood", "quiz_revenue_hint", "quiz_currency_unknown", "quiz_result", "quiz_no_signs",
            "quiz_offer_handoff", "lead_intro", "lead_ask_phone", "btn_share_phone", "lead_bad_phone",
            "lead_ask_name", "lead_bad_name", "lead_ask_company", "btn_skip", "lead_ask_consent", "btn_agree",
            "btn_disagree", "lead_declined", "lead_saved", "lead_already_open", "relay_from_agency", "relay_ended",
            "card_title", "card_name", "card_username", "card_phone", "card_company", "card_language", "card_source",
            "card_quiz", "card_model", "card_questions", "card_none", "card_reply_hint", "btn_take", "btn_done",
            "lead_taken", "lead_done", "relay_to_agency", "agency_reply_unknown", "agency_lead_closed", "cmd_start",
            "cmd_help", "cmd_quiz", "cmd_prices", "cmd_human", "cmd_lang", "cmd_cancel", "cmd_forget",
            "cmd_reload", "cmd_stats", "cmd_gaps", "cmd_leads", "cmd_desk_help", "help_admin", "desk_help",
            "admin_funnel_title", "admin_step_started", "admin_step_asked", "admin_step_quiz_started",
            "admin_step_quiz_finished", "admin_step_qualified", "admin_step_contacts", "admin_step_taken",
            "admin_step_done", "admin_by_source", "admin_top_topics", "admin_answer_rate", "admin_chart_funnel",
            "admin_chart_trend", "admin_chart_other_sources", "admin_chart_no_data", "admin_gaps_title",
            "admin_gaps_none", "admin_refused", "admin_nothing_changed", "admin_applied", "admin_added",
            "admin_changed", "admin_removed", "admin_other_files", "admin_missing_languages", "admin_what_reload", "admin_what_folder",
            "admin_what_upload", "admin_leads_caption", "admin_failed", "decline_again", "decline_agency", "kazakh_note",
            "offer_declined", "num_turnover_meets", "num_turnover_below", "num_turnover_currency", "num_budget_hourly",
            "num_budget_retainer", "num_budget_above", "num_days_retainer", "num_hours", "num_inhouse_total",
            "num_currency_unknown", "calc_costs_more", "calc_market", "part_intro", "quiz_prefilled", "card_facts", "card_turnover", "num_converted", "num_what_amount", "admin_what_start",
            "admin_storage_fault", "admin_storage_recovered", "admin_agency_chat_refused", "admin_agency_fix_missing",
            "admin_agency_fix_kicked", "admin_agency_fix_rights", "admin_agency_chat_back", "admin_agency_chat_migrated",
            "lead_delayed", "admin_message_refused", "admin_update_set_aside", "admin_update_unreadable", "card_forgotten", "card_status_new", "card_status_taken", "card_status_done",
            "card_open_chat", "btn_release", "lead_already_taken", "lead_already_yours", "lead_release_not_yours", "lead_released", "lead_phone_invalid",
            "relay_media_to_agency", "media_photo", "media_voice", "media_video_note", "media_video", "media_animation",
            "media_audio", "media_document", "media_sticker", "media_location", "media_contact",
            "relay_to_agency_waiting", "relay_quiet_note", "lead_forgotten_closed", "lead_prospect_unreachable", "lead_reopened");

    private final Map<String, Localized> texts;

    public Messages(Map<String, Localized> texts) {
        this.texts = Map.copyOf(texts);
    }

    public String get(String key, Lang lang) {
        Localized text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no message '" + key + "' in messages.yaml");
        }
        String value = text.in(lang);
        return value == null || value.isBlank() ? text.in(Lang.PRIMARY) : value;
    }

    /** The phrase with its {placeholders} filled, every value HTML-escaped: phrases are HTML, values are not. */
    public String html(String key, Lang lang, Object... pairs) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            values.put(String.valueOf(pairs[i]), cmoadvisor.text.Html.escape(String.valueOf(pairs[i + 1])));
        }
        return format(key, lang, values);
    }

    public String format(String key, Lang lang, Map<String, String> values) {
        return cmoadvisor.text.Placeholders.fill(get(key, lang), values);
    }
}
