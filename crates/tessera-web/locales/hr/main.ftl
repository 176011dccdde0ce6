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
