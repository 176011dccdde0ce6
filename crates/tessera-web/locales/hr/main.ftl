# Tessera web UI — hrvatski.

## Layout and navigation
skip-to-content = Preskoči na sadržaj
nav-menu = Izbornik
nav-main = Glavna navigacija
nav-tickets = Zahtjevi
nav-admin = Administracija
nav-settings = Postavke
user-menu = Vaš račun
sign-out = Odjava
search-label = Traži
search-placeholder = Traži zahtjeve ili #broj
search-title = Pretraživanje
search-results = { $count ->
    [one] Pronađen je { $count } zahtjev
    [few] Pronađena su { $count } zahtjeva
   *[other] Pronađeno je { $count } zahtjeva
}
new-ticket = Novi zahtjev
go-back = Natrag
close = Zatvori
save = Spremi
cancel = Odustani
refresh = Osvježi
actions = Radnje
yes = Da
no = Ne
details = Pojedinosti
conversation = Razgovor

## Sign in and sign up
sign-in = Prijava
sign-in-title = Prijava u radni prostor
sign-up = Izradi račun
sign-up-title = Izradite račun
portal-sign-in-title = Prijava u centar za podršku
portal-link = Korisnik ste? Idite u centar za podršku
portal-no-account = Još nemate račun?
portal-have-account = Već imate račun?
login-failed = Pogrešna adresa e-pošte ili lozinka.
login-locked = { $count ->
    [one] Previše neuspjelih prijava. Pokušajte ponovno za { $count } minutu.
    [few] Previše neuspjelih prijava. Pokušajte ponovno za { $count } minute.
   *[other] Previše neuspjelih prijava. Pokušajte ponovno za { $count } minuta.
}
password-hint = Najmanje 8 znakova.
signup-password-mismatch = Lozinke se ne podudaraju.
signup-email-taken = Račun s ovom adresom e-pošte već postoji. Prijavite se.

## Errors
error-forbidden = Nije dopušteno
error-forbidden-text = Vaša uloga to ne dopušta.
error-not-found = Nije pronađeno
error-not-found-text = Ova stranica ne postoji ili joj nemate pristup.
error-csrf = Obrazac je istekao
error-csrf-text = Ovaj obrazac nije poslan s vaše trenutne stranice. Osvježite stranicu i pokušajte ponovno.
error-invalid = Nije uspjelo
error-unavailable = Privremeno nedostupno
error-unavailable-text = Baza podataka ne odgovara. Pokušajte ponovno za trenutak.
error-internal = Nešto je pošlo po zlu
error-internal-text = Dogodila se neočekivana pogreška; zabilježena je.

## Views and lists
views-title = Prikazi
view-mine = Moji otvoreni
view-unassigned = Nedodijeljeni
view-group = Grupa: { $name }
view-open = Svi otvoreni
view-recent = Nedavno ažurirani
tickets-count = { $count ->
    [one] { $count } zahtjev
    [few] { $count } zahtjeva
   *[other] { $count } zahtjeva
}
list-empty = Ovdje nema zahtjeva. Odlično!
list-updated = U ovom prikazu ima novosti.
bulk-label = Radnje nad odabranim zahtjevima
bulk-set-status = Postavi status
bulk-set-priority = Postavi prioritet
bulk-add-tag = Dodaj oznaku
bulk-invalid = Odaberite zahtjeve i radnju.
bulk-failed = { $count ->
    [one] { $count } zahtjev nije bilo moguće promijeniti.
    [few] { $count } zahtjeva nije bilo moguće promijeniti.
   *[other] { $count } zahtjeva nije bilo moguće promijeniti.
}
assign-to-me = Dodijeli meni
select = Odaberi
select-all = Odaberi sve
tag-placeholder = oznaka
tags-placeholder = naplata, vpn
pager = Stranice
page-first = Prva stranica
page-next = Sljedeća stranica
unassigned = Nedodijeljeno

## Fields
field-subject = Predmet
field-description = Opis
field-requester = Podnositelj
field-requester-email = E-pošta podnositelja
field-requester-name = Ime podnositelja
field-requester_id = Podnositelj
field-status = Status
field-type = Vrsta
field-impact = Utjecaj
field-urgency = Hitnost
field-priority = Prioritet
field-category = Kategorija
field-tags = Oznake
field-assignee_id = Dodijeljeno
field-group_id = Grupa
field-tier = Razina podrške
field-language = Jezik
field-channel = Kanal
field-created = Stvoreno
field-updated = Ažurirano
field-follow_up = Nastavak
field-follow_up_of = Nastavak zahtjeva
field-name = Ime i prezime
field-email = E-pošta
field-password = Lozinka
field-password-again = Ponovite lozinku
field-current_password = Trenutna lozinka
field-new_password = Nova lozinka
field-time_zone = Vremenska zona
field-role = Uloga
field-domains = Domene e-pošte
field-shares_tickets = Članovi vide međusobne zahtjeve

## Values
status-new = Novo
status-open = Otvoreno
status-pending = Na čekanju
status-on_hold = Zadržano
status-solved = Riješeno
status-closed = Zatvoreno
priority-urgent = Hitan
priority-high = Visok
priority-normal = Uobičajen
priority-low = Nizak
priority-auto = Automatski (utjecaj × hitnost)
type-incident = Incident
type-service_request = Zahtjev za uslugom
type-question = Pitanje
type-problem = Problem
type-change = Promjena
channel-api = API
channel-email = E-pošta
channel-portal = Centar za podršku
channel-chat = Chat
channel-phone = Telefon
channel-monitoring = Nadzor
channel-web = Radni prostor agenta
impact-1 = 1 – Opsežan
impact-2 = 2 – Značajan
impact-3 = 3 – Umjeren
impact-4 = 4 – Malen
urgency-1 = 1 – Kritična
urgency-2 = 2 – Visoka
urgency-3 = 3 – Srednja
urgency-4 = 4 – Niska
role-admin = Administrator
role-supervisor = Voditelj
role-agent = Agent
role-light_agent = Pomoćni agent
role-customer = Korisnik

## Ticket page
ticket-title = #{ $number } { $subject }
other-tickets = Ostali zahtjevi
timeline-request = Zahtjev
timeline-reply = Odgovor
timeline-note = Interna bilješka
author-support = Tim podrške
actor-system = Sustav
event-created = { $who } je otvorio/la zahtjev putem kanala: { $channel }
event-changed = { $who } je promijenio/la polje { $field }: { $from } → { $to }
composer-kind = Vrsta poruke
composer-reply = Javni odgovor
composer-note = Interna bilješka
composer-body = Poruka
composer-placeholder = Napišite odgovor…
composer-note-hint = Interne bilješke vidi samo vaš tim.
composer-markdown = Oblikovanje: **podebljano**, *kurziv*, `kod`, - popisi, > citati, poveznice
composer-attach = Priloži datoteke
composer-status = Status nakon slanja
composer-keep-status = Zadrži status
composer-send-as = Pošalji kao: { $status }
composer-send = Pošalji
presence-viewing = { $count ->
    [one] { $names } također gleda ovaj zahtjev
   *[other] { $names } također gledaju ovaj zahtjev
}
presence-typing = { $count ->
    [one] { $names } piše…
   *[other] { $names } pišu…
}

## New ticket
new-channel-web = Zahtjev
new-channel-phone = Zabilježi telefonski poziv
create-ticket = Otvori zahtjev

## Keyboard shortcuts
shortcuts-title = Tipkovnički prečaci
shortcut-next-prev = Sljedeći / prethodni zahtjev na popisu
shortcut-open = Otvori odabrani zahtjev
shortcut-reply = Odgovori
shortcut-note = Interna bilješka
shortcut-assign = Dodijeli meni
shortcut-solve = Riješi
shortcut-search = Traži
shortcut-help = Prikaži ovu pomoć

## Settings
settings-profile = Profil
settings-password = Lozinka
settings-change-password = Promijeni lozinku
settings-saved = Spremljeno.
language-auto = Jezik preglednika

## Customer portal
portal-name = Centar za podršku
portal-my-requests = Moji zahtjevi
portal-new-request = Novi zahtjev
portal-empty = Još nemate nijedan zahtjev.
portal-describe = Kako vam možemo pomoći?
portal-submit = Pošalji zahtjev
portal-reply = Vaš odgovor
portal-follow-up = Ovaj je zahtjev zatvoren. Vaša će poruka otvoriti novi, povezani zahtjev.
portal-mark-solved = Moj je problem riješen

## Administration
admin-users = Korisnici
admin-groups = Grupe
admin-organizations = Organizacije
admin-tokens = API tokeni
admin-find-user = Traži po imenu ili e-pošti
admin-new-user = Novi korisnik
admin-new-group = Nova grupa
admin-new-organization = Nova organizacija
admin-members = Članovi
admin-create = Stvori
user-active = Aktivan
user-inactive = Deaktiviran
user-activate = Aktiviraj
user-deactivate = Deaktiviraj
token-new = Novi API token
token-owner = Vlasnik
token-prefix = Počinje s
token-last-used = Zadnja uporaba
token-revoke = Opozovi
token-revoked = Opozvan
token-shown-once = Kopirajte ovaj token sada. Više se neće prikazati.

## Saved views
views-saved = Spremljeni prikazi
view-save = Spremi prikaz
view-name = Naziv prikaza
view-columns = Stupci
view-shared = Podijeli sa svim agentima
view-shared-badge = zajednički
view-rename = Preimenuj prikaz
view-delete = Izbriši prikaz
view-invalid = Ovaj popis ne može se spremiti kao prikaz.
column-number = Broj
column-subject = Predmet
column-requester = Podnositelj
column-status = Status
column-priority = Prioritet
column-assignee = Dodijeljeno
column-updated = Ažurirano

## Instance settings
admin-settings = Postavke
field-instance_name = Naziv instance
field-default_language = Zadani jezik
field-default_time_zone = Zadana vremenska zona
admin-settings-help = Jezik i vremenska zona primjenjuju se na osobe koje nisu odabrale svoje.

# Ticket list filter panel
filter-title = Filtar
filter-any-group = Bilo koja grupa
filter-assignee-any = Bilo tko
filter-assignee-me = Ja
filter-assignee-nobody = Nitko (nedodijeljeno)
filter-days = Promijenjeno u zadnjih dana
filter-apply = Primijeni
filter-clear = Očisti
view-filtered = Filtrirani zahtjevi

## Pozadinski poslovi (administracija)
admin-jobs = Pozadinski poslovi
jobs-queue-depth = Na čekanju
jobs-oldest-age = Najdulje čekanje
jobs-oldest-none = Ništa ne čeka
jobs-by-kind = Poslovi po vrsti
jobs-kind = Vrsta
jobs-job = Posao
jobs-status-queued = U redu čekanja
jobs-status-running = U tijeku
jobs-status-done = Završeni
jobs-status-dead = Neuspjeli
jobs-status-retrying = Ponavlja se
jobs-none = Još nema poslova.
jobs-failures = Nedavne pogreške
jobs-failures-none = Nijedan posao nije nedavno zakazao.
jobs-attempts = Pokušaji
jobs-last-error = Posljednja pogreška
jobs-time = Vrijeme
jobs-next-attempt = Sljedeći pokušaj
jobs-retry = Ponovi sada
jobs-retried = Posao je ponovno u redu čekanja i uskoro će se izvršiti.
jobs-age-seconds = { $count ->
    [one] { $count } sekunda
    [few] { $count } sekunde
   *[other] { $count } sekundi
}
jobs-age-minutes = { $count ->
    [one] { $count } minuta
    [few] { $count } minute
   *[other] { $count } minuta
}

## SLA: ticket page, queue, notifications, reports, administration
field-priority_override = Prioritet (postavljen ručno)
nav-reports = Izvještaji
column-sla = SLA
sla-title = SLA
sla-none = Na ovaj zahtjev ne primjenjuje se nijedna SLA politika.
sla-always = Non-stop (24/7)
sla-explain = Kako su izračunati ovi rokovi
sla-met-at = ispunjeno { $time }
sla-due-in = za { $time }
sla-overdue-by = kasni { $time }
sla-dur-days = { $n } d
sla-dur-hours = { $n } h
sla-dur-minutes = { $n } min
sla-health-ok = U roku
sla-health-warning = Rok se bliži
sla-health-breached = Prekoračeno
sla-health-paused = Pauzirano
sla-health-met = Ispunjeno
sla-target-first_response = Prvi odgovor
sla-target-next_response = Sljedeći odgovor
sla-target-periodic_update = Redovito ažuriranje
sla-target-resolution = Rješenje
sla-target-any = Bilo koji cilj
escalate-title = Eskaliraj na višu razinu
escalate-reason = Razlog eskalacije
escalate-submit = Eskaliraj
event-sla-warning = SLA upozorenje: bliži se rok za „{ $target }”
event-sla-breach = SLA prekoračen: istekao je rok za „{ $target }”
event-sla-escalation = Eskalirano prema SLA politici: { $detail }
event-escalated = { $who } eskalira zahtjev: { $detail }
notifications-title = Obavijesti
notifications-unread = { $count ->
    [one] { $count } nepročitana obavijest
    [few] { $count } nepročitane obavijesti
   *[other] { $count } nepročitanih obavijesti
}
notifications-mark-all = Označi sve kao pročitano
notifications-empty = Još nema obavijesti.
notifications-new = Novo:
notification-kind-sla_warning = SLA upozorenje
notification-kind-sla_breach = SLA prekoračenje
notification-kind-escalated = Eskalacija
notification-kind-other = Obavijest
report-sla-title = Usklađenost sa SLA
report-from = Od
report-to = Do
report-group-by = Grupiraj po
report-group-policy = Politici
report-group-priority = Prioritetu
report-group-group = Grupi
report-show = Prikaži izvještaj
report-zone-hint = Dani se računaju u zoni { $zone }. Trajanja su radno vrijeme prema kalendaru svake politike.
report-empty = U ovom razdoblju nije otvoren nijedan zahtjev.
report-group = Grupa
report-tickets = Zahtjevi
report-breaches = Prekoračenja
report-median-first = Medijan prvog odgovora
report-median-resolution = Medijan rješenja
report-percent = { $value } %
report-no-policy = Bez politike
report-no-group = Nema
report-bad-date = Datum u polju „{ $field }” mora biti oblika 2026-03-31.
admin-sla-calendars = SLA kalendari
admin-sla-policies = SLA politike
sla-delete = Obriši
sla-form-error = Provjerite polje „{ $field }”: { $message }
weekday-monday = Ponedjeljak
weekday-tuesday = Utorak
weekday-wednesday = Srijeda
weekday-thursday = Četvrtak
weekday-friday = Petak
weekday-saturday = Subota
weekday-sunday = Nedjelja
weekday-short-monday = pon
weekday-short-tuesday = uto
weekday-short-wednesday = sri
weekday-short-thursday = čet
weekday-short-friday = pet
weekday-short-saturday = sub
weekday-short-sunday = ned
sla-calendar-new = Novi kalendar
sla-calendars-empty = Još nema radnih kalendara. Politike bez kalendara računaju vrijeme non-stop.
sla-time-zone = Vremenska zona
sla-hours = Radno vrijeme
sla-hours-hint = Za svaki dan intervali poput 09:00-17:00, 18:00-22:00. Kraj prije početka je noćna smjena (22:00-06:00). Ostavite dan prazan ako se tada ne radi.
sla-always-toggle = Non-stop (24/7): zanemari radno vrijeme i praznike
sla-holidays = Praznici
sla-holidays-hint = Jedan po retku: 2026-12-24 Badnjak za jedan dan ili 12-25 Božić za svaku godinu.
sla-preview-title = Pregled
sla-preview-no-policies = Stvorite politiku kako biste vidjeli rokove njezinih zahtjeva u ovom kalendaru.
sla-policy = Politika
sla-preview-show = Prikaži rokove
sla-preview-no-targets = Ova politika nema ciljeve za taj prioritet.
sla-preview-summary = Zahtjev prioriteta „{ $priority }” otvoren sada ({ $time }) imao bi rokove:
sla-times-in-zone = Vremena su prikazana u zoni { $zone }.
sla-import-title = Uvoz praznika (iCalendar)
sla-import-file = Datoteka .ics
sla-import-paste = …ili zalijepite njezin tekst
sla-import-submit = Uvezi
sla-import-empty = Odaberite datoteku ili zalijepite tekst kalendara.
sla-calendar-delete = Obriši ovaj kalendar
sla-calendar-in-use = Ovaj kalendar koristi neka politika. Najprije promijenite politiku.
sla-policy-new = Nova politika
sla-policies-order-hint = Politike se provjeravaju odozgo; vrijedi prva čiji uvjeti odgovaraju zahtjevu.
sla-policies-empty = Još nema SLA politika.
sla-order = Redoslijed
sla-calendar = Kalendar
sla-targets = Ciljevi
sla-active = Aktivna
sla-inactive = Neaktivna
sla-move-up = Pomakni gore
sla-move-down = Pomakni dolje
sla-conditions = Primjenjuje se na
sla-conditions-hint = Ništa označeno ili upisano znači bilo koje. Više oznaka, kategorija ili regija odvojite zarezima.
sla-channels = Kanali
sla-categories = Kategorije
sla-regions = Regije (vremenska zona podnositelja)
sla-targets-hint = Ostavite polje prazno ako takvog cilja nema. Vrijeme se računa samo tijekom radnog vremena kalendara.
sla-unit = Jedinica
sla-unit-minutes = min
sla-unit-hours = h
sla-pause = Satovi stoje u statusima
sla-warn = Upozorenje
sla-warn-value = Vrijednost upozorenja
sla-warn-default = na 80 % vremena
sla-warn-percent = na ovoliko % vremena
sla-warn-minutes = ovoliko minuta prije roka
sla-escalations = Koraci eskalacije
sla-escalations-hint = Što se događa kad cilj dođe do upozorenja ili prekoračenja. Za uklanjanje koraka postavite „kada” na nekorišteno.
sla-step-when = Kada
sla-step-target = Cilj
sla-step-action = Radnja
sla-step-group = (grupa)
sla-step-agent = (agent)
sla-step-unused = — nekorišteno —
sla-on-warning = Pri upozorenju
sla-on-breach = Pri prekoračenju
sla-action-notify_assignee = Obavijesti dodijeljenog agenta
sla-action-notify_group = Obavijesti grupu
sla-action-notify_supervisors = Obavijesti nadzornike
sla-action-raise_priority = Povećaj prioritet
sla-action-move_to_next_tier = Premjesti na višu razinu
sla-action-move_to_group = Premjesti u grupu
sla-action-reassign = Dodijeli agentu

# Custom fields on the ticket panel
custom-field-add = Dodaj polje
custom-field-name = Naziv polja
custom-field-value = Vrijednost
