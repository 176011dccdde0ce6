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
