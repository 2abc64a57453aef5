//! German.

use portal_api::{DeclineCode, ErrorCode, GatewayCode};

use super::Strings;
use crate::api::Code;

/// German strings.
pub static STRINGS: Strings = Strings {
    tag: "de-DE",
    app_title: "Kundenportal",
    skip_to_content: "Zum Inhalt springen",
    nav_label: "Portal",
    nav_home: "Übersicht",
    nav_invoices: "Rechnungen",
    log_in: "Anmelden",
    log_in_heading: "In Ihrem Konto anmelden",
    log_out: "Abmelden",
    email: "E-Mail",
    password: "Passwort",
    logging_in: "Anmeldung läuft…",
    email_required: "Geben Sie Ihre E-Mail-Adresse ein.",
    password_required: "Geben Sie Ihr Passwort ein.",
    invoices_heading: "Rechnungen",
    invoice_number: "Rechnung",
    issue_date: "Ausgestellt",
    due_date: "Fällig",
    total: "Betrag",
    balance_due: "Offener Betrag",
    status: "Status",
    actions: "Aktionen",
    pay_now: "Jetzt bezahlen",
    filter_by_status: "Status",
    all_statuses: "Alle",
    status_open: "Offen",
    status_overdue: "Überfällig",
    status_partially_paid: "Teilweise bezahlt",
    status_paid: "Bezahlt",
    no_invoices: "Keine Rechnungen.",
    loading: "Wird geladen…",
    previous_page: "Vorherige Seite",
    next_page: "Nächste Seite",
    page_of: "Seite {page} von {pages}",
    try_again: "Erneut versuchen",
    not_found: "Diese Seite gibt es nicht.",
    page_not_loaded: "Diese Seite konnte nicht geladen werden.",
    check_connection: "Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    signed_in_as: "Angemeldet als",
    home_heading: "Übersicht",
    balance_due_label: "Offener Betrag",
    overdue_label: "Überfällig",
    credit_label: "Guthaben",
    recent_activity: "Letzte Aktivitäten",
    no_activity: "Noch keine Aktivitäten.",
    activity_invoice_issued: "Rechnung gestellt",
    activity_payment_received: "Zahlung erhalten",
    activity_deposit_received: "Anzahlung erhalten",
    view_invoices: "Rechnungen ansehen",
    unpaid_count: "{count} offene Rechnungen",
    invoice_heading: "Rechnung {number}",
    lines_heading: "Positionen",
    payments_heading: "Zahlungen",
    description: "Beschreibung",
    quantity: "Menge",
    unit_price: "Einzelpreis",
    amount: "Betrag",
    date: "Datum",
    card: "Karte",
    reference: "Referenz",
    no_payments: "Noch keine Zahlungen.",
    back_to_invoices: "Zurück zu den Rechnungen",
    nav_payment_methods: "Gespeicherte Zahlungsmethoden",
    payment_methods_heading: "Gespeicherte Zahlungsmethoden",
    add_payment_method: "Zahlungsmethode hinzufügen",
    save_card: "Karte speichern",
    saving_card: "Wird gespeichert…",
    cancel: "Abbrechen",
    make_default: "Als Standardkarte verwenden",
    set_as_default: "Als Standard festlegen",
    remove: "Entfernen",
    default_badge: "Standard",
    expired_badge: "Abgelaufen",
    expiring_badge: "Läuft bald ab",
    card_ending: "{brand} mit Endziffern {last4}",
    expires: "Gültig bis {mm}/{yy}",
    no_cards: "Noch keine gespeicherten Karten.",
    card_saved: "Karte {brand} mit Endziffern {last4} gespeichert.",
    card_removed: "Karte entfernt.",
    default_changed: "Standardkarte geändert.",
    pay_heading: "Rechnung {number} bezahlen",
    pay_with: "Bezahlen mit",
    use_another_card: "Andere Karte verwenden",
    save_card_securely: "Karte sicher für künftige Zahlungen speichern",
    billing_address: "Rechnungsadresse",
    address_line: "Adresse",
    city: "Stadt",
    region: "Bundesland / Region",
    postal_code: "Postleitzahl",
    country: "Land",
    amount_to_pay: "Betrag",
    agree_terms: "Ich stimme den Zahlungsbedingungen zu",
    pay_amount: "{amount} bezahlen",
    paying: "Zahlung läuft…",
    field_required: "Dieses Feld ist erforderlich.",
    terms_required: "Bitte stimmen Sie den Bedingungen zu.",
    choose_card: "Wählen Sie eine Karte oder eine andere Karte.",
    payment_successful: "Zahlung erfolgreich",
    payment_declined: "Zahlung nicht abgeschlossen",
    try_another_card: "Andere Karte versuchen",
    receipt_reference: "Referenz",
    receipt_paid_with: "Bezahlt mit",
    receipt_date: "Datum",
    confirming_payment: "Wir bestätigen Ihre Zahlung…",
    otp_prompt: "Geben Sie den Code ein, der an Ihr Telefon mit der Endung {nn} gesendet wurde",
    otp_label: "Bestätigungscode",
    submit: "Senden",
    resend_code: "Code erneut senden",
    resend_in: "Erneut senden in {s} s",
    attempts_left: "Noch {n} Versuche",
    otp_wrong: "Dieser Code hat nicht funktioniert.",
    otp_locked: "Zu viele falsche Codes. Die Zahlung wurde nicht ausgeführt.",
    otp_six_digits: "Geben Sie den 6-stelligen Code ein.",
    code_sent: "Ein neuer Code wurde gesendet.",
    nothing_to_pay: "Für diese Rechnung ist nichts mehr offen.",
    pay: "Bezahlen",
    back_to_home: "Zur Übersicht",
    receipt_paid_to: "Bezahlt an",
    code_expires_in: "Der Code läuft in {time} ab.",
    code_expired: "Dieser Code ist abgelaufen. Fordern Sie mit „Code erneut senden“ einen neuen an.",
    postal_invalid: "Diese Postleitzahl passt nicht zum Land.",
    fix_fields: "Bitte prüfen Sie die markierten Felder.",
    amount_in: "Betrag ({currency})",
    amount_up_to: "Bis zu {max}, dem offenen Betrag.",
    amount_required: "Geben Sie einen Betrag ein.",
    amount_invalid: "Geben Sie den Betrag als Zahl ein, z. B. 25,00.",
    amount_decimals: "Höchstens {n} Nachkommastellen.",
    amount_zero: "Geben Sie einen Betrag größer als null ein.",
    amount_over_balance: "Sie können höchstens {max} zahlen, den offenen Betrag.",
    amount_too_large: "Dieser Betrag ist für eine Zahlung zu hoch.",
    nav_deposit: "Guthaben einzahlen",
    deposit_heading: "Guthaben einzahlen",
    deposit_intro: "Eingezahltes Geld wird Ihrem Konto als Guthaben für künftige Rechnungen gutgeschrieben.",
    link_intro: "{business} bittet {customer}, die Rechnung {number} zu bezahlen. Keine Anmeldung nötig.",
    link_valid_until: "Dieser Link gilt bis {date}.",
    link_unusable: "Dieser Zahlungslink kann nicht verwendet werden",
    // -- pay, deposit, payment link --
    request_invitation: "Einladung anfordern",
    no_password_yet: "Noch kein Passwort?",
    forgot_password: "Passwort vergessen?",
    reset_password: "Passwort zurücksetzen",
    reset_intro: "Geben Sie die E-Mail-Adresse ein, die wir von Ihnen gespeichert haben. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen.",
    reset_sent: "Falls diese E-Mail-Adresse bei uns gespeichert ist, haben wir Ihnen einen Link zum Wählen eines neuen Passworts gesendet. Der Link ist eine Stunde gültig.",
    new_password_heading: "Neues Passwort wählen",
    invitation_intro: "Geben Sie die E-Mail-Adresse ein, die wir von Ihnen gespeichert haben. Wir senden Ihnen einen Link, mit dem Sie Ihr Passwort festlegen.",
    invitation_sent_heading: "Sehen Sie in Ihr Postfach",
    invitation_sent: "Falls diese E-Mail-Adresse bei uns gespeichert ist, haben wir Ihnen einen Link zum Festlegen Ihres Passworts gesendet. Der Link ist 24 Stunden gültig.",
    email_invalid: "Geben Sie eine E-Mail-Adresse ein, z. B. name@example.com.",
    too_many_requests: "Zu viele Anfragen. Bitte warten Sie eine Weile und versuchen Sie es dann erneut.",
    back_to_log_in: "Zurück zur Anmeldung",
    set_password_heading: "Passwort festlegen",
    set_password_intro: "Wählen Sie ein Passwort für Ihr Konto. Damit und mit Ihrer E-Mail-Adresse melden Sie sich künftig an.",
    new_password: "Neues Passwort",
    confirm_password: "Passwort bestätigen",
    password_hint: "Mindestens 10 Zeichen.",
    password_too_short: "Verwenden Sie mindestens 10 Zeichen.",
    password_too_long: "Verwenden Sie höchstens 200 Zeichen.",
    password_weak: "Wählen Sie ein anderes Passwort: mindestens 10 Zeichen, nur Buchstaben, Ziffern, Leerzeichen und Sonderzeichen.",
    confirm_required: "Geben Sie das Passwort noch einmal ein.",
    passwords_mismatch: "Die beiden Passwörter stimmen nicht überein.",
    link_invalid: "Dieser Link funktioniert nicht mehr: Er ist abgelaufen oder wurde schon verwendet. Jeder Link ist nur einmal und nur für begrenzte Zeit verwendbar.",
    request_new_link: "Neuen Link anfordern",
    password_set: "Ihr Passwort ist festgelegt. Sie sind jetzt angemeldet.",
    refunded: "Erstattet",
    portal_session_heading: "Anmeldung läuft",
    portal_session_dead: "Dieser Anmeldelink funktioniert nicht mehr: Er ist abgelaufen oder wurde schon verwendet. Gehen Sie zurück zur Website, von der Sie kamen, und öffnen Sie das Portal erneut, oder melden Sie sich mit E-Mail-Adresse und Passwort an.",
    nav_sub_accounts: "Unterkonten",
    sub_accounts_heading: "Unterkonten",
    sub_accounts_intro: "Ihre Kunden und ihre offenen Beträge. Deren Karten und Zahlungsdaten bleiben privat.",
    account_name: "Name",
    unpaid_invoices: "Offene Rechnungen",
    no_sub_accounts: "Sie haben keine Unterkonten.",
    // -- accounts: invitation, set password, sub-accounts --
    remove_card_question: "{card} entfernen?",
    remove_card: "Karte entfernen",
    removing_card: "Wird entfernt…",
    default_card_required: "Dies ist Ihre Standardkarte. Legen Sie zuerst eine andere Karte als Standard fest, bevor Sie diese entfernen.",
    update_expiry: "Ablaufdatum ändern",
    update_expiry_legend: "Neues Ablaufdatum für {card}",
    expiry_month_label: "Monat (MM)",
    expiry_year_label: "Jahr (JJJJ)",
    save_expiry: "Ablaufdatum speichern",
    expiry_month_missing: "Geben Sie den Ablaufmonat ein.",
    expiry_month_invalid: "Geben Sie einen Monat von 1 bis 12 ein.",
    expiry_year_missing: "Geben Sie das Ablaufjahr ein.",
    expiry_year_invalid: "Geben Sie das Jahr vierstellig ein, zum Beispiel 2030.",
    expiry_in_past: "Dieses Datum liegt in der Vergangenheit. Geben Sie das Ablaufdatum Ihrer neuen Karte ein.",
    expiry_too_far: "Das Jahr darf höchstens {year} sein.",
    expiry_updated: "Ablaufdatum von {card} auf {date} geändert.",
    history_heading: "Kartenverlauf",
    history_empty: "Noch keine Änderungen.",
    history_added: "Karte hinzugefügt",
    history_removed: "Karte entfernt",
    history_default_changed: "Als Standardkarte festgelegt",
    history_expiry_updated: "Ablaufdatum geändert",
    history_expiry_updated_to: "Ablaufdatum geändert auf {date}",
    history_by: "von {name}",
    // -- saved cards: expiry, history, removal --
    error_words,
};

/// German words for the stable codes; `None` keeps the server's (English)
/// message, where it says more than fixed words could (which field, which
/// currency) or where the customer cannot act on it.
fn error_words(code: Code) -> Option<&'static str> {
    match code {
        // The portal's own.
        Code::Network => WORDS_NETWORK,
        Code::Decode => WORDS_DECODE,
        Code::Api(code) => api_words(code),
        Code::Gateway(code) => gateway_words(code),
        Code::Decline(code) => decline_words(code),
    }
}

const WORDS_NETWORK: Option<&str> = Some("Wir konnten den Server nicht erreichen. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.");
const WORDS_DECODE: Option<&str> = Some("Der Server hat eine Antwort gesendet, die wir nicht lesen konnten. Bitte versuchen Sie es erneut.");

/// The portal server's codes.
fn api_words(code: ErrorCode) -> Option<&'static str> {
    match code {
        ErrorCode::InvalidCredentials => Some("E-Mail-Adresse oder Passwort ist falsch."),
        ErrorCode::Unauthenticated => Some("Bitte melden Sie sich an."),
        ErrorCode::RateLimited => Some("Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es erneut."),
        ErrorCode::CsrfFailed => Some("Dieser Anfrage fehlt ihr Sicherheitsmerkmal. Laden Sie die Seite neu und versuchen Sie es erneut."),
        ErrorCode::ForbiddenOrigin => Some("Anfragen von dieser Website sind nicht erlaubt."),
        ErrorCode::Timeout => Some("Die Anfrage hat zu lange gedauert. Bitte versuchen Sie es erneut."),
        ErrorCode::Internal => Some("Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es erneut."),
        ErrorCode::GatewayUnavailable => Some("Der Zahlungsdienst antwortet nicht. Bitte versuchen Sie es gleich noch einmal."),
        ErrorCode::NotFound => Some("Das Gesuchte gibt es nicht."),
        ErrorCode::InvoicePaid => Some("Diese Rechnung ist bereits bezahlt, oder eine Zahlung dafür läuft noch."),
        ErrorCode::CardExpired => Some("Diese Karte ist abgelaufen. Aktualisieren Sie das Ablaufdatum oder wählen Sie eine andere Karte."),
        ErrorCode::TooManyCards => Some("Sie haben so viele Karten gespeichert wie erlaubt. Entfernen Sie zuerst eine."),
        ErrorCode::CardInUse => Some("Eine Zahlung mit dieser Karte wartet noch auf ihren Code. Schließen Sie sie ab oder entfernen Sie die Karte, sobald sie beendet ist (ein offener Code-Schritt endet nach 30 Minuten)."),
        ErrorCode::InvalidToken => Some("Die Kartendaten wurden nicht erkannt oder sind abgelaufen. Bitte geben Sie die Karte erneut ein."),
        ErrorCode::InvalidLink => Some("Dieser Link ist ungültig oder abgelaufen. Bitten Sie um einen neuen."),
        // The message names the field, the amount or the rule.
        ErrorCode::InvalidField
        | ErrorCode::AlreadyExists
        | ErrorCode::InvalidAmount
        | ErrorCode::WeakPassword
        | ErrorCode::DefaultCardRequired
        // A client's mistake, not the customer's: nothing to act on.
        | ErrorCode::InvalidQuery
        | ErrorCode::InvalidJson
        | ErrorCode::InvalidRequest
        | ErrorCode::UnsupportedMediaType
        | ErrorCode::BodyTooLarge
        | ErrorCode::MethodNotAllowed
        | ErrorCode::InvalidIdempotencyKey
        | ErrorCode::IdempotencyKeyReused
        | ErrorCode::PaymentNotPending
        | ErrorCode::NotRefundable
        // The business API's: never sent to a customer.
        | ErrorCode::InvoiceHasPayments
        | ErrorCode::InvoiceVoid
        | ErrorCode::Unknown => None,
    }
}

/// The gateway's codes from the code step.
fn gateway_words(code: GatewayCode) -> Option<&'static str> {
    match code {
        GatewayCode::ChallengeUsed => Some("Diese Bestätigung ist bereits abgeschlossen; ein Code gilt nur einmal."),
        GatewayCode::ChallengeClosed => Some("Diese Bestätigung ist beendet; es kann kein neuer Code gesendet werden."),
        GatewayCode::ResendCooldown => Some("Bitte warten Sie kurz, bevor Sie einen neuen Code anfordern."),
        GatewayCode::ResendLimit => Some("Für diese Zahlung wurden zu viele Codes gesendet. Versuchen Sie es später erneut oder verwenden Sie eine andere Karte."),
        GatewayCode::ChallengeNotFound | GatewayCode::Unknown => None,
    }
}

/// Declines.
fn decline_words(code: DeclineCode) -> Option<&'static str> {
    match code {
        DeclineCode::GenericDecline => Some("Die Karte wurde abgelehnt. Verwenden Sie eine andere Karte oder wenden Sie sich an die Bank, die Ihre Karte ausgegeben hat."),
        DeclineCode::InsufficientFunds => Some("Die Karte ist nicht ausreichend gedeckt. Verwenden Sie eine andere Karte."),
        DeclineCode::ExpiredCard => Some("Die Karte ist abgelaufen. Prüfen Sie das Ablaufdatum oder verwenden Sie eine andere Karte."),
        DeclineCode::IncorrectCvc => Some("Die Kartenprüfnummer ist falsch. Prüfen Sie sie und versuchen Sie es erneut."),
        DeclineCode::ProcessingError => Some("Bei der Verarbeitung der Karte ist ein Fehler aufgetreten. Versuchen Sie es gleich noch einmal; es wurde nichts abgebucht."),
        DeclineCode::AuthenticationFailed => Some("Die Bestätigung mit dem Einmalcode ist fehlgeschlagen. Versuchen Sie es erneut oder verwenden Sie eine andere Karte."),
        // The server's message says why the card could not be used.
        DeclineCode::CardNotUsable
        // Not explained beyond the server's words, as with real issuers.
        | DeclineCode::Fraudulent
        | DeclineCode::Unknown => None,
    }
}
