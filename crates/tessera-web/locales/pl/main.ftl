# Tessera web UI — polski.

## Layout and navigation
skip-to-content = Przejdź do treści
nav-menu = Menu
nav-main = Główna nawigacja
nav-tickets = Zgłoszenia
nav-admin = Administracja
nav-settings = Ustawienia
user-menu = Twoje konto
sign-out = Wyloguj się
search-label = Szukaj
search-placeholder = Szukaj zgłoszeń lub #numeru
search-title = Wyszukiwanie
search-results = { $count ->
    [one] Znaleziono { $count } zgłoszenie
    [few] Znaleziono { $count } zgłoszenia
   *[many] Znaleziono { $count } zgłoszeń
}
new-ticket = Nowe zgłoszenie
go-back = Wróć
close = Zamknij
save = Zapisz
cancel = Anuluj
refresh = Odśwież
actions = Akcje
yes = Tak
no = Nie
details = Szczegóły
conversation = Rozmowa

## Sign in and sign up
sign-in = Zaloguj się
sign-in-title = Logowanie do panelu agenta
sign-up = Załóż konto
sign-up-title = Załóż konto
portal-sign-in-title = Logowanie do centrum pomocy
portal-link = Jesteś klientem? Przejdź do centrum pomocy
portal-no-account = Nie masz jeszcze konta?
portal-have-account = Masz już konto?
login-failed = Nieprawidłowy e-mail lub hasło.
login-locked = { $count ->
    [one] Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za { $count } minutę.
    [few] Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za { $count } minuty.
   *[many] Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za { $count } minut.
}
password-hint = Co najmniej 8 znaków.
signup-password-mismatch = Hasła nie są takie same.
signup-email-taken = Konto z tym adresem e-mail już istnieje. Zaloguj się.

## Errors
error-forbidden = Brak uprawnień
error-forbidden-text = Twoja rola na to nie pozwala.
error-not-found = Nie znaleziono
error-not-found-text = Ta strona nie istnieje albo nie masz do niej dostępu.
error-csrf = Formularz wygasł
error-csrf-text = Ten formularz nie został wysłany z aktualnej strony. Odśwież stronę i spróbuj ponownie.
error-invalid = Nie udało się
error-unavailable = Chwilowo niedostępne
error-unavailable-text = Baza danych nie odpowiada. Spróbuj ponownie za chwilę.
error-internal = Coś poszło nie tak
error-internal-text = Wystąpił nieoczekiwany błąd; został zapisany w dzienniku.

## Views and lists
views-title = Widoki
view-mine = Moje otwarte
view-unassigned = Nieprzypisane
view-group = Grupa: { $name }
view-open = Wszystkie otwarte
view-recent = Ostatnio zmienione
tickets-count = { $count ->
    [one] { $count } zgłoszenie
    [few] { $count } zgłoszenia
   *[many] { $count } zgłoszeń
}
list-empty = Brak zgłoszeń. Dobra robota!
list-updated = W tym widoku są nowe zmiany.
bulk-label = Akcje dla zaznaczonych zgłoszeń
bulk-set-status = Ustaw status
bulk-set-priority = Ustaw priorytet
bulk-add-tag = Dodaj tag
bulk-invalid = Wybierz zgłoszenia i akcję.
bulk-failed = { $count ->
    [one] Nie udało się zmienić { $count } zgłoszenia.
   *[other] Nie udało się zmienić { $count } zgłoszeń.
}
assign-to-me = Przypisz do mnie
select = Zaznacz
select-all = Zaznacz wszystkie
tag-placeholder = tag
tags-placeholder = faktury, vpn
pager = Strony
page-first = Pierwsza strona
page-next = Następna strona
unassigned = Nieprzypisane

## Fields
field-subject = Temat
field-description = Opis
field-requester = Zgłaszający
field-requester-email = E-mail zgłaszającego
field-requester-name = Imię i nazwisko zgłaszającego
field-requester_id = Zgłaszający
field-status = Status
field-type = Typ
field-impact = Wpływ
field-urgency = Pilność
field-priority = Priorytet
field-category = Kategoria
field-tags = Tagi
field-assignee_id = Przypisane do
field-group_id = Grupa
field-tier = Linia wsparcia
field-language = Język
field-channel = Kanał
field-created = Utworzono
field-updated = Zmieniono
field-follow_up = Kontynuacja
field-follow_up_of = Kontynuacja zgłoszenia
field-name = Imię i nazwisko
field-email = E-mail
field-password = Hasło
field-password-again = Powtórz hasło
field-current_password = Obecne hasło
field-new_password = Nowe hasło
field-time_zone = Strefa czasowa
field-role = Rola
field-domains = Domeny e-mail
field-shares_tickets = Członkowie widzą nawzajem swoje zgłoszenia

## Values
status-new = Nowe
status-open = Otwarte
status-pending = Oczekuje
status-on_hold = Wstrzymane
status-solved = Rozwiązane
status-closed = Zamknięte
priority-urgent = Pilny
priority-high = Wysoki
priority-normal = Normalny
priority-low = Niski
priority-auto = Automatyczny (wpływ × pilność)
type-incident = Incydent
type-service_request = Wniosek o usługę
type-question = Pytanie
type-problem = Problem
type-change = Zmiana
channel-api = API
channel-email = E-mail
channel-portal = Centrum pomocy
channel-chat = Czat
channel-phone = Telefon
channel-monitoring = Monitoring
channel-web = Panel agenta
impact-1 = 1 – Rozległy
impact-2 = 2 – Znaczny
impact-3 = 3 – Umiarkowany
impact-4 = 4 – Niewielki
urgency-1 = 1 – Krytyczna
urgency-2 = 2 – Wysoka
urgency-3 = 3 – Średnia
urgency-4 = 4 – Niska
role-admin = Administrator
role-supervisor = Kierownik
role-agent = Agent
role-light_agent = Agent pomocniczy
role-customer = Klient

## Ticket page
ticket-title = #{ $number } { $subject }
other-tickets = Inne zgłoszenia
timeline-request = Zgłoszenie
timeline-reply = Odpowiedź
timeline-note = Notatka wewnętrzna
author-support = Zespół wsparcia
actor-system = System
event-created = { $who } utworzył(a) zgłoszenie przez kanał: { $channel }
event-changed = { $who } zmienił(a) pole { $field }: { $from } → { $to }
composer-kind = Rodzaj wiadomości
composer-reply = Odpowiedź publiczna
composer-note = Notatka wewnętrzna
composer-body = Wiadomość
composer-placeholder = Napisz odpowiedź…
composer-note-hint = Notatki wewnętrzne widzi tylko Twój zespół.
composer-markdown = Formatowanie: **pogrubienie**, *kursywa*, `kod`, - listy, > cytaty, linki
composer-attach = Dołącz pliki
composer-status = Status po wysłaniu
composer-keep-status = Bez zmiany statusu
composer-send-as = Wyślij jako: { $status }
composer-send = Wyślij
presence-viewing = { $count ->
    [one] { $names } też przegląda to zgłoszenie
   *[other] { $names } też przeglądają to zgłoszenie
}
presence-typing = { $count ->
    [one] { $names } pisze…
   *[other] { $names } piszą…
}

## New ticket
new-channel-web = Zgłoszenie
new-channel-phone = Zarejestruj rozmowę telefoniczną
create-ticket = Utwórz zgłoszenie

## Keyboard shortcuts
shortcuts-title = Skróty klawiszowe
shortcut-next-prev = Następne / poprzednie zgłoszenie na liście
shortcut-open = Otwórz zaznaczone zgłoszenie
shortcut-reply = Odpowiedz
shortcut-note = Notatka wewnętrzna
shortcut-assign = Przypisz do mnie
shortcut-solve = Rozwiąż
shortcut-search = Szukaj
shortcut-help = Pokaż tę pomoc

## Settings
settings-profile = Profil
settings-password = Hasło
settings-change-password = Zmień hasło
settings-saved = Zapisano.
language-auto = Język przeglądarki

## Customer portal
portal-name = Centrum pomocy
portal-my-requests = Moje zgłoszenia
portal-new-request = Nowe zgłoszenie
portal-empty = Nie masz jeszcze żadnych zgłoszeń.
portal-describe = W czym możemy pomóc?
portal-submit = Wyślij zgłoszenie
portal-reply = Twoja odpowiedź
portal-follow-up = To zgłoszenie jest zamknięte. Twoja wiadomość otworzy nowe zgłoszenie powiązane z nim.
portal-mark-solved = Mój problem został rozwiązany

## Administration
admin-users = Użytkownicy
admin-groups = Grupy
admin-organizations = Organizacje
admin-tokens = Tokeny API
admin-find-user = Szukaj po nazwisku lub e-mailu
admin-new-user = Nowy użytkownik
admin-new-group = Nowa grupa
admin-new-organization = Nowa organizacja
admin-members = Członkowie
admin-create = Utwórz
user-active = Aktywny
user-inactive = Dezaktywowany
user-activate = Aktywuj
user-deactivate = Dezaktywuj
token-new = Nowy token API
token-owner = Właściciel
token-prefix = Początek
token-last-used = Ostatnio użyty
token-revoke = Unieważnij
token-revoked = Unieważniony
token-shown-once = Skopiuj ten token teraz. Nie zostanie pokazany ponownie.

## Saved views
views-saved = Zapisane widoki
view-save = Zapisz widok
view-name = Nazwa widoku
view-columns = Kolumny
view-shared = Udostępnij wszystkim agentom
view-shared-badge = wspólny
view-rename = Zmień nazwę widoku
view-delete = Usuń widok
view-invalid = Tej listy nie można zapisać jako widoku.
column-number = Numer
column-subject = Temat
column-requester = Zgłaszający
column-status = Status
column-priority = Priorytet
column-assignee = Przypisany
column-updated = Zaktualizowano

## Instance settings
admin-settings = Ustawienia
field-instance_name = Nazwa instancji
field-default_language = Domyślny język
field-default_time_zone = Domyślna strefa czasowa
admin-settings-help = Język i strefa czasowa dotyczą osób, które nie wybrały własnych.

# Ticket list filter panel
filter-title = Filtr
filter-any-group = Dowolna grupa
filter-assignee-any = Ktokolwiek
filter-assignee-me = Ja
filter-assignee-nobody = Nikt (nieprzypisane)
filter-days = Zmienione w ciągu ostatnich dni
filter-apply = Zastosuj
filter-clear = Wyczyść
view-filtered = Przefiltrowane zgłoszenia

## Zadania w tle (administracja)
admin-jobs = Zadania w tle
jobs-queue-depth = Oczekujące
jobs-oldest-age = Najdłuższe oczekiwanie
jobs-oldest-none = Nic nie czeka
jobs-by-kind = Zadania według rodzaju
jobs-kind = Rodzaj
jobs-job = Zadanie
jobs-status-queued = W kolejce
jobs-status-running = W toku
jobs-status-done = Zakończone
jobs-status-dead = Nieudane
jobs-status-retrying = Ponawiane
jobs-none = Brak zadań.
jobs-failures = Ostatnie błędy
jobs-failures-none = Ostatnio żadne zadanie nie zakończyło się błędem.
jobs-attempts = Próby
jobs-last-error = Ostatni błąd
jobs-time = Czas
jobs-next-attempt = Kolejna próba
jobs-retry = Ponów teraz
jobs-retried = Zadanie wróciło do kolejki i wkrótce zostanie wykonane.
jobs-age-seconds = { $count ->
    [one] { $count } sekunda
    [few] { $count } sekundy
   *[other] { $count } sekund
}
jobs-age-minutes = { $count ->
    [one] { $count } minuta
    [few] { $count } minuty
   *[other] { $count } minut
}

## SLA: ticket page, queue, notifications, reports, administration
field-priority_override = Priorytet (ustawiony ręcznie)
nav-reports = Raporty
column-sla = SLA
sla-title = SLA
sla-none = Do tego zgłoszenia nie stosuje się żadna polityka SLA.
sla-always = Całą dobę (24/7)
sla-explain = Jak obliczono te terminy
sla-met-at = dotrzymano { $time }
sla-due-in = za { $time }
sla-overdue-by = po terminie o { $time }
sla-dur-days = { $n } d
sla-dur-hours = { $n } godz.
sla-dur-minutes = { $n } min
sla-health-ok = W terminie
sla-health-warning = Termin blisko
sla-health-breached = Przekroczone
sla-health-paused = Wstrzymane
sla-health-met = Dotrzymane
sla-target-first_response = Pierwsza odpowiedź
sla-target-next_response = Kolejna odpowiedź
sla-target-periodic_update = Okresowa aktualizacja
sla-target-resolution = Rozwiązanie
sla-target-any = Dowolny cel
escalate-title = Eskaluj na wyższy poziom
escalate-reason = Powód eskalacji
escalate-submit = Eskaluj
event-sla-warning = Ostrzeżenie SLA: zbliża się termin „{ $target }”
event-sla-breach = Przekroczono SLA: minął termin „{ $target }”
event-sla-escalation = Eskalacja według polityki SLA: { $detail }
event-escalated = { $who } eskalował(a) zgłoszenie: { $detail }
notifications-title = Powiadomienia
notifications-unread = { $count ->
    [one] { $count } nieprzeczytane powiadomienie
    [few] { $count } nieprzeczytane powiadomienia
    [many] { $count } nieprzeczytanych powiadomień
   *[other] { $count } nieprzeczytanego powiadomienia
}
notifications-mark-all = Oznacz wszystkie jako przeczytane
notifications-empty = Nie masz jeszcze powiadomień.
notifications-new = Nowe:
notification-kind-sla_warning = Ostrzeżenie SLA
notification-kind-sla_breach = Przekroczenie SLA
notification-kind-escalated = Eskalacja
notification-kind-other = Informacja
report-sla-title = Zgodność z SLA
report-from = Od
report-to = Do
report-group-by = Grupuj według
report-group-policy = Polityki
report-group-priority = Priorytetu
report-group-group = Grupy
report-show = Pokaż raport
report-zone-hint = Dni liczone są w strefie { $zone }. Czasy to czas roboczy według kalendarza każdej polityki.
report-empty = W tym okresie nie utworzono żadnych zgłoszeń.
report-group = Grupa
report-tickets = Zgłoszenia
report-breaches = Przekroczenia
report-median-first = Mediana pierwszej odpowiedzi
report-median-resolution = Mediana rozwiązania
report-percent = { $value }%
report-no-policy = Bez polityki
report-no-group = Brak
report-bad-date = Data w polu „{ $field }” musi mieć postać 2026-03-31.
admin-sla-calendars = Kalendarze SLA
admin-sla-policies = Polityki SLA
sla-delete = Usuń
sla-form-error = Sprawdź pole „{ $field }”: { $message }
weekday-monday = Poniedziałek
weekday-tuesday = Wtorek
weekday-wednesday = Środa
weekday-thursday = Czwartek
weekday-friday = Piątek
weekday-saturday = Sobota
weekday-sunday = Niedziela
weekday-short-monday = pon.
weekday-short-tuesday = wt.
weekday-short-wednesday = śr.
weekday-short-thursday = czw.
weekday-short-friday = pt.
weekday-short-saturday = sob.
weekday-short-sunday = niedz.
sla-calendar-new = Nowy kalendarz
sla-calendars-empty = Nie ma jeszcze kalendarzy roboczych. Polityki bez kalendarza liczą czas całą dobę.
sla-time-zone = Strefa czasowa
sla-hours = Godziny pracy
sla-hours-hint = Dla każdego dnia przedziały, np. 09:00-17:00, 18:00-22:00. Koniec przed początkiem to zmiana nocna (22:00-06:00). Zostaw dzień pusty, jeśli nikt wtedy nie pracuje.
sla-always-toggle = Całą dobę (24/7): pomiń godziny i święta
sla-holidays = Dni wolne
sla-holidays-hint = Jeden w wierszu: 2026-12-24 Wigilia dla jednego dnia albo 12-25 Boże Narodzenie dla każdego roku.
sla-preview-title = Podgląd
sla-preview-no-policies = Utwórz politykę, aby zobaczyć terminy jej zgłoszeń w tym kalendarzu.
sla-policy = Polityka
sla-preview-show = Pokaż terminy
sla-preview-no-targets = Ta polityka nie ma celów dla tego priorytetu.
sla-preview-summary = Zgłoszenie o priorytecie „{ $priority }” otwarte teraz ({ $time }) miałoby terminy:
sla-times-in-zone = Czas podano w strefie { $zone }.
sla-import-title = Import dni wolnych (iCalendar)
sla-import-file = Plik .ics
sla-import-paste = …albo wklej jego treść
sla-import-submit = Importuj
sla-import-empty = Wybierz plik albo wklej treść kalendarza.
sla-calendar-delete = Usuń ten kalendarz
sla-calendar-in-use = Ten kalendarz jest używany przez politykę. Najpierw zmień politykę.
sla-policy-new = Nowa polityka
sla-policies-order-hint = Polityki są sprawdzane od góry; obowiązuje pierwsza, której warunki pasują do zgłoszenia.
sla-policies-empty = Nie ma jeszcze polityk SLA.
sla-order = Kolejność
sla-calendar = Kalendarz
sla-targets = Cele
sla-active = Aktywna
sla-inactive = Nieaktywna
sla-move-up = Przesuń w górę
sla-move-down = Przesuń w dół
sla-conditions = Dotyczy
sla-conditions-hint = Nic niezaznaczone ani niewpisane oznacza dowolne. Kilka tagów, kategorii lub regionów oddziel przecinkami.
sla-channels = Kanały
sla-categories = Kategorie
sla-regions = Regiony (strefa czasowa zgłaszającego)
sla-targets-hint = Zostaw pole puste, jeśli nie ma takiego celu. Czas liczy się tylko w godzinach pracy kalendarza.
sla-unit = Jednostka
sla-unit-minutes = min
sla-unit-hours = godz.
sla-pause = Zegary stoją w statusach
sla-warn = Ostrzeżenie
sla-warn-value = Wartość ostrzeżenia
sla-warn-default = po 80% czasu
sla-warn-percent = po tylu % czasu
sla-warn-minutes = tyle minut przed terminem
sla-escalations = Kroki eskalacji
sla-escalations-hint = Co się dzieje, gdy cel jest zagrożony lub przekroczony. Aby usunąć krok, ustaw „kiedy” na nieużywany.
sla-step-when = Kiedy
sla-step-target = Cel
sla-step-action = Działanie
sla-step-group = (grupa)
sla-step-agent = (agent)
sla-step-unused = — nieużywany —
sla-on-warning = Przy ostrzeżeniu
sla-on-breach = Przy przekroczeniu
sla-action-notify_assignee = Powiadom przypisanego agenta
sla-action-notify_group = Powiadom grupę
sla-action-notify_supervisors = Powiadom kierowników
sla-action-raise_priority = Podnieś priorytet
sla-action-move_to_next_tier = Przenieś na wyższy poziom
sla-action-move_to_group = Przenieś do grupy
sla-action-reassign = Przypisz do agenta

# Custom fields on the ticket panel
custom-field-add = Dodaj pole
custom-field-name = Nazwa pola
custom-field-value = Wartość
