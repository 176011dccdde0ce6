# Tessera web UI — ελληνικά.

## Layout and navigation
skip-to-content = Μετάβαση στο περιεχόμενο
nav-menu = Μενού
nav-main = Κύρια πλοήγηση
nav-tickets = Αιτήματα
nav-admin = Διαχείριση
nav-settings = Ρυθμίσεις
user-menu = Ο λογαριασμός σας
sign-out = Αποσύνδεση
search-label = Αναζήτηση
search-placeholder = Αναζήτηση αιτημάτων ή #αριθμού
search-title = Αναζήτηση
search-results = { $count ->
    [one] Βρέθηκε { $count } αίτημα
   *[other] Βρέθηκαν { $count } αιτήματα
}
new-ticket = Νέο αίτημα
go-back = Επιστροφή
close = Κλείσιμο
save = Αποθήκευση
cancel = Ακύρωση
refresh = Ανανέωση
actions = Ενέργειες
yes = Ναι
no = Όχι
details = Στοιχεία
conversation = Συνομιλία

## Sign in and sign up
sign-in = Σύνδεση
sign-in-title = Σύνδεση στον χώρο εργασίας
sign-up = Δημιουργία λογαριασμού
sign-up-title = Δημιουργήστε λογαριασμό
portal-sign-in-title = Σύνδεση στο κέντρο υποστήριξης
portal-link = Είστε πελάτης; Μεταβείτε στο κέντρο υποστήριξης
portal-no-account = Δεν έχετε λογαριασμό;
portal-have-account = Έχετε ήδη λογαριασμό;
login-failed = Λάθος email ή κωδικός πρόσβασης.
login-locked = { $count ->
    [one] Πάρα πολλές αποτυχημένες συνδέσεις. Δοκιμάστε ξανά σε { $count } λεπτό.
   *[other] Πάρα πολλές αποτυχημένες συνδέσεις. Δοκιμάστε ξανά σε { $count } λεπτά.
}
password-hint = Τουλάχιστον 8 χαρακτήρες.
signup-password-mismatch = Οι δύο κωδικοί δεν ταιριάζουν.
signup-email-taken = Υπάρχει ήδη λογαριασμός με αυτό το email. Συνδεθείτε.

## Errors
error-forbidden = Δεν επιτρέπεται
error-forbidden-text = Ο ρόλος σας δεν το επιτρέπει.
error-not-found = Δεν βρέθηκε
error-not-found-text = Η σελίδα δεν υπάρχει ή δεν έχετε πρόσβαση σε αυτήν.
error-csrf = Η φόρμα έληξε
error-csrf-text = Η φόρμα δεν στάλθηκε από τρέχουσα σελίδα σας. Ανανεώστε τη σελίδα και δοκιμάστε ξανά.
error-invalid = Δεν ήταν δυνατό
error-unavailable = Προσωρινά μη διαθέσιμο
error-unavailable-text = Η βάση δεδομένων δεν απαντά. Δοκιμάστε ξανά σε λίγο.
error-internal = Κάτι πήγε στραβά
error-internal-text = Παρουσιάστηκε απροσδόκητο σφάλμα· έχει καταγραφεί.

## Views and lists
views-title = Προβολές
view-mine = Τα ανοιχτά μου
view-unassigned = Χωρίς ανάθεση
view-group = Ομάδα: { $name }
view-open = Όλα τα ανοιχτά
view-recent = Πρόσφατα ενημερωμένα
tickets-count = { $count ->
    [one] { $count } αίτημα
   *[other] { $count } αιτήματα
}
list-empty = Κανένα αίτημα εδώ. Μπράβο!
list-updated = Υπάρχει νέα δραστηριότητα σε αυτή την προβολή.
bulk-label = Ενέργειες για τα επιλεγμένα αιτήματα
bulk-set-status = Ορισμός κατάστασης
bulk-set-priority = Ορισμός προτεραιότητας
bulk-add-tag = Προσθήκη ετικέτας
bulk-invalid = Επιλέξτε αιτήματα και ενέργεια.
bulk-failed = { $count ->
    [one] { $count } αίτημα δεν ήταν δυνατό να αλλάξει.
   *[other] { $count } αιτήματα δεν ήταν δυνατό να αλλάξουν.
}
assign-to-me = Ανάθεση σε εμένα
select = Επιλογή
select-all = Επιλογή όλων
tag-placeholder = ετικέτα
tags-placeholder = χρεώσεις, vpn
pager = Σελίδες
page-first = Πρώτη σελίδα
page-next = Επόμενη σελίδα
unassigned = Χωρίς ανάθεση

## Fields
field-subject = Θέμα
field-description = Περιγραφή
field-requester = Αιτών
field-requester-email = Email αιτούντος
field-requester-name = Όνομα αιτούντος
field-requester_id = Αιτών
field-status = Κατάσταση
field-type = Τύπος
field-impact = Επίπτωση
field-urgency = Επείγον
field-priority = Προτεραιότητα
field-category = Κατηγορία
field-tags = Ετικέτες
field-assignee_id = Ανατέθηκε σε
field-group_id = Ομάδα
field-tier = Επίπεδο υποστήριξης
field-language = Γλώσσα
field-channel = Κανάλι
field-created = Δημιουργήθηκε
field-updated = Ενημερώθηκε
field-follow_up = Συνέχεια
field-follow_up_of = Συνέχεια του αιτήματος
field-name = Όνομα
field-email = Email
field-password = Κωδικός πρόσβασης
field-password-again = Επανάληψη κωδικού
field-current_password = Τρέχων κωδικός
field-new_password = Νέος κωδικός
field-time_zone = Ζώνη ώρας
field-role = Ρόλος
field-domains = Τομείς email
field-shares_tickets = Τα μέλη βλέπουν τα αιτήματα των άλλων

## Values
status-new = Νέο
status-open = Ανοιχτό
status-pending = Σε αναμονή
status-on_hold = Σε παύση
status-solved = Επιλύθηκε
status-closed = Κλειστό
priority-urgent = Επείγουσα
priority-high = Υψηλή
priority-normal = Κανονική
priority-low = Χαμηλή
priority-auto = Αυτόματη (επίπτωση × επείγον)
type-incident = Συμβάν
type-service_request = Αίτημα υπηρεσίας
type-question = Ερώτηση
type-problem = Πρόβλημα
type-change = Αλλαγή
channel-api = API
channel-email = Email
channel-portal = Κέντρο υποστήριξης
channel-chat = Συνομιλία
channel-phone = Τηλέφωνο
channel-monitoring = Παρακολούθηση
channel-web = Χώρος εργασίας
impact-1 = 1 – Εκτεταμένη
impact-2 = 2 – Σημαντική
impact-3 = 3 – Μέτρια
impact-4 = 4 – Μικρή
urgency-1 = 1 – Κρίσιμο
urgency-2 = 2 – Υψηλό
urgency-3 = 3 – Μεσαίο
urgency-4 = 4 – Χαμηλό
role-admin = Διαχειριστής
role-supervisor = Επόπτης
role-agent = Εκπρόσωπος
role-light_agent = Βοηθός εκπροσώπου
role-customer = Πελάτης

## Ticket page
ticket-title = #{ $number } { $subject }
other-tickets = Άλλα αιτήματα
timeline-request = Αίτημα
timeline-reply = Απάντηση
timeline-note = Εσωτερική σημείωση
author-support = Ομάδα υποστήριξης
actor-system = Σύστημα
event-created = { $who }: δημιουργία αιτήματος μέσω { $channel }
event-changed = { $who }: αλλαγή πεδίου «{ $field }»: { $from } → { $to }
composer-kind = Είδος μηνύματος
composer-reply = Δημόσια απάντηση
composer-note = Εσωτερική σημείωση
composer-body = Μήνυμα
composer-placeholder = Γράψτε την απάντησή σας…
composer-note-hint = Οι εσωτερικές σημειώσεις είναι ορατές μόνο στην ομάδα σας.
composer-markdown = Μορφοποίηση: **έντονα**, *πλάγια*, `κώδικας`, - λίστες, > παραθέσεις, σύνδεσμοι
composer-attach = Επισύναψη αρχείων
composer-status = Κατάσταση μετά την αποστολή
composer-keep-status = Χωρίς αλλαγή κατάστασης
composer-send-as = Αποστολή ως «{ $status }»
composer-send = Αποστολή
presence-viewing = { $count ->
    [one] { $names } βλέπει επίσης αυτό το αίτημα
   *[other] { $names } βλέπουν επίσης αυτό το αίτημα
}
presence-typing = { $count ->
    [one] { $names } πληκτρολογεί…
   *[other] { $names } πληκτρολογούν…
}

## New ticket
new-channel-web = Αίτημα
new-channel-phone = Καταγραφή τηλεφωνικής κλήσης
create-ticket = Δημιουργία αιτήματος

## Keyboard shortcuts
shortcuts-title = Συντομεύσεις πληκτρολογίου
shortcut-next-prev = Επόμενο / προηγούμενο αίτημα στη λίστα
shortcut-open = Άνοιγμα του επιλεγμένου αιτήματος
shortcut-reply = Απάντηση
shortcut-note = Εσωτερική σημείωση
shortcut-assign = Ανάθεση σε εμένα
shortcut-solve = Επίλυση
shortcut-search = Αναζήτηση
shortcut-help = Εμφάνιση αυτής της βοήθειας

## Settings
settings-profile = Προφίλ
settings-password = Κωδικός πρόσβασης
settings-change-password = Αλλαγή κωδικού
settings-saved = Αποθηκεύτηκε.
language-auto = Γλώσσα προγράμματος περιήγησης

## Customer portal
portal-name = Κέντρο υποστήριξης
portal-my-requests = Τα αιτήματά μου
portal-new-request = Νέο αίτημα
portal-empty = Δεν έχετε ακόμη αιτήματα.
portal-describe = Πώς μπορούμε να βοηθήσουμε;
portal-submit = Υποβολή αιτήματος
portal-reply = Η απάντησή σας
portal-follow-up = Αυτό το αίτημα έχει κλείσει. Το μήνυμά σας θα ανοίξει νέο, συνδεδεμένο αίτημα.
portal-mark-solved = Το πρόβλημά μου λύθηκε

## Administration
admin-users = Χρήστες
admin-groups = Ομάδες
admin-organizations = Οργανισμοί
admin-tokens = Διακριτικά API
admin-find-user = Αναζήτηση με όνομα ή email
admin-new-user = Νέος χρήστης
admin-new-group = Νέα ομάδα
admin-new-organization = Νέος οργανισμός
admin-members = Μέλη
admin-create = Δημιουργία
user-active = Ενεργός
user-inactive = Απενεργοποιημένος
user-activate = Ενεργοποίηση
user-deactivate = Απενεργοποίηση
token-new = Νέο διακριτικό API
token-owner = Κάτοχος
token-prefix = Αρχίζει με
token-last-used = Τελευταία χρήση
token-revoke = Ανάκληση
token-revoked = Ανακλήθηκε
token-shown-once = Αντιγράψτε το διακριτικό τώρα. Δεν θα εμφανιστεί ξανά.

## Saved views
views-saved = Αποθηκευμένες προβολές
view-save = Αποθήκευση προβολής
view-name = Όνομα προβολής
view-columns = Στήλες
view-shared = Κοινή χρήση με όλους τους πράκτορες
view-shared-badge = κοινή
view-rename = Μετονομασία προβολής
view-delete = Διαγραφή προβολής
view-invalid = Αυτή η λίστα δεν μπορεί να αποθηκευτεί ως προβολή.
column-number = Αριθμός
column-subject = Θέμα
column-requester = Αιτών
column-status = Κατάσταση
column-priority = Προτεραιότητα
column-assignee = Ανάθεση
column-updated = Ενημέρωση

## Instance settings
admin-settings = Ρυθμίσεις
field-instance_name = Όνομα εγκατάστασης
field-default_language = Προεπιλεγμένη γλώσσα
field-default_time_zone = Προεπιλεγμένη ζώνη ώρας
admin-settings-help = Η γλώσσα και η ζώνη ώρας ισχύουν για όσους δεν έχουν επιλέξει δικές τους.

# Ticket list filter panel
filter-title = Φίλτρο
filter-any-group = Οποιαδήποτε ομάδα
filter-assignee-any = Οποιοσδήποτε
filter-assignee-me = Εγώ
filter-assignee-nobody = Κανείς (χωρίς ανάθεση)
filter-days = Αλλαγμένα τις τελευταίες ημέρες
filter-apply = Εφαρμογή
filter-clear = Καθαρισμός
view-filtered = Φιλτραρισμένα αιτήματα

## Εργασίες παρασκηνίου (διαχείριση)
admin-jobs = Εργασίες παρασκηνίου
jobs-queue-depth = Σε αναμονή
jobs-oldest-age = Μεγαλύτερη αναμονή
jobs-oldest-none = Τίποτα σε αναμονή
jobs-by-kind = Εργασίες ανά είδος
jobs-kind = Είδος
jobs-job = Εργασία
jobs-status-queued = Σε ουρά
jobs-status-running = Εκτελούνται
jobs-status-done = Ολοκληρώθηκαν
jobs-status-dead = Απέτυχαν
jobs-status-retrying = Επανάληψη
jobs-none = Δεν υπάρχουν ακόμη εργασίες.
jobs-failures = Πρόσφατες αποτυχίες
jobs-failures-none = Καμία εργασία δεν απέτυχε πρόσφατα.
jobs-attempts = Προσπάθειες
jobs-last-error = Τελευταίο σφάλμα
jobs-time = Χρόνος
jobs-next-attempt = Επόμενη προσπάθεια
jobs-retry = Επανάληψη τώρα
jobs-retried = Η εργασία μπήκε ξανά στην ουρά και θα εκτελεστεί σύντομα.
jobs-age-seconds = { $count ->
    [one] { $count } δευτερόλεπτο
   *[other] { $count } δευτερόλεπτα
}
jobs-age-minutes = { $count ->
    [one] { $count } λεπτό
   *[other] { $count } λεπτά
}

## SLA: ticket page, queue, notifications, reports, administration
field-priority_override = Προτεραιότητα (ορίστηκε χειροκίνητα)
nav-reports = Αναφορές
column-sla = SLA
sla-title = SLA
sla-none = Καμία πολιτική SLA δεν ισχύει για αυτό το αίτημα.
sla-always = Όλο το εικοσιτετράωρο (24/7)
sla-explain = Πώς υπολογίστηκαν αυτοί οι χρόνοι
sla-met-at = τηρήθηκε { $time }
sla-due-in = σε { $time }
sla-overdue-by = καθυστέρηση { $time }
sla-dur-days = { $n } ημ.
sla-dur-hours = { $n } ώρ.
sla-dur-minutes = { $n } λεπ.
sla-health-ok = Εντός χρόνου
sla-health-warning = Λήγει σύντομα
sla-health-breached = Παραβιάστηκε
sla-health-paused = Σε παύση
sla-health-met = Τηρήθηκε
sla-target-first_response = Πρώτη απάντηση
sla-target-next_response = Επόμενη απάντηση
sla-target-periodic_update = Τακτική ενημέρωση
sla-target-resolution = Επίλυση
sla-target-any = Οποιοσδήποτε στόχος
escalate-title = Κλιμάκωση στο επόμενο επίπεδο
escalate-reason = Λόγος κλιμάκωσης
escalate-submit = Κλιμάκωση
event-sla-warning = Προειδοποίηση SLA: λήγει σύντομα ο στόχος «{ $target }»
event-sla-breach = Παραβίαση SLA: έληξε ο στόχος «{ $target }»
event-sla-escalation = Κλιμάκωση από την πολιτική SLA: { $detail }
event-escalated = Ο/Η { $who } κλιμάκωσε το αίτημα: { $detail }
notifications-title = Ειδοποιήσεις
notifications-unread = { $count ->
    [one] { $count } μη αναγνωσμένη ειδοποίηση
   *[other] { $count } μη αναγνωσμένες ειδοποιήσεις
}
notifications-mark-all = Σήμανση όλων ως αναγνωσμένων
notifications-empty = Δεν υπάρχουν ειδοποιήσεις ακόμη.
notifications-new = Νέα:
notification-kind-sla_warning = Προειδοποίηση SLA
notification-kind-sla_breach = Παραβίαση SLA
notification-kind-escalated = Κλιμάκωση
notification-kind-other = Ενημέρωση
report-sla-title = Συμμόρφωση με SLA
report-from = Από
report-to = Έως
report-group-by = Ομαδοποίηση ανά
report-group-policy = Πολιτική
report-group-priority = Προτεραιότητα
report-group-group = Ομάδα
report-show = Εμφάνιση αναφοράς
report-zone-hint = Οι ημέρες μετρώνται στη ζώνη { $zone }. Οι διάρκειες είναι εργάσιμος χρόνος στο ημερολόγιο κάθε πολιτικής.
report-empty = Δεν δημιουργήθηκαν αιτήματα σε αυτή την περίοδο.
report-group = Ομάδα
report-tickets = Αιτήματα
report-breaches = Παραβιάσεις
report-median-first = Διάμεσος χρόνος πρώτης απάντησης
report-median-resolution = Διάμεσος χρόνος επίλυσης
report-percent = { $value }%
report-no-policy = Χωρίς πολιτική
report-no-group = Καμία
report-bad-date = Η ημερομηνία στο πεδίο «{ $field }» πρέπει να έχει τη μορφή 2026-03-31.
admin-sla-calendars = Ημερολόγια SLA
admin-sla-policies = Πολιτικές SLA
sla-delete = Διαγραφή
sla-form-error = Ελέγξτε το πεδίο «{ $field }»: { $message }
weekday-monday = Δευτέρα
weekday-tuesday = Τρίτη
weekday-wednesday = Τετάρτη
weekday-thursday = Πέμπτη
weekday-friday = Παρασκευή
weekday-saturday = Σάββατο
weekday-sunday = Κυριακή
weekday-short-monday = Δευ
weekday-short-tuesday = Τρί
weekday-short-wednesday = Τετ
weekday-short-thursday = Πέμ
weekday-short-friday = Παρ
weekday-short-saturday = Σάβ
weekday-short-sunday = Κυρ
sla-calendar-new = Νέο ημερολόγιο
sla-calendars-empty = Δεν υπάρχουν ακόμη ημερολόγια εργασίας. Οι πολιτικές χωρίς ημερολόγιο μετρούν όλο το εικοσιτετράωρο.
sla-time-zone = Ζώνη ώρας
sla-hours = Ώρες εργασίας
sla-hours-hint = Για κάθε ημέρα διαστήματα όπως 09:00-17:00, 18:00-22:00. Λήξη πριν από την έναρξη σημαίνει νυχτερινή βάρδια (22:00-06:00). Αφήστε την ημέρα κενή αν δεν εργάζεται κανείς.
sla-always-toggle = Όλο το εικοσιτετράωρο (24/7): αγνόησε ώρες και αργίες
sla-holidays = Αργίες
sla-holidays-hint = Μία ανά γραμμή: 2026-04-10 Μεγάλη Παρασκευή για μία ημέρα ή 03-25 Εθνική εορτή για κάθε χρόνο.
sla-preview-title = Προεπισκόπηση
sla-preview-no-policies = Δημιουργήστε μια πολιτική για να δείτε πότε λήγουν τα αιτήματά της σε αυτό το ημερολόγιο.
sla-policy = Πολιτική
sla-preview-show = Εμφάνιση προθεσμιών
sla-preview-no-targets = Αυτή η πολιτική δεν έχει στόχους για αυτή την προτεραιότητα.
sla-preview-summary = Ένα αίτημα προτεραιότητας «{ $priority }» που ανοίγει τώρα ({ $time }) θα έληγε:
sla-times-in-zone = Οι ώρες εμφανίζονται στη ζώνη { $zone }.
sla-import-title = Εισαγωγή αργιών (iCalendar)
sla-import-file = Αρχείο .ics
sla-import-paste = …ή επικολλήστε το κείμενό του
sla-import-submit = Εισαγωγή
sla-import-empty = Επιλέξτε αρχείο ή επικολλήστε το κείμενο του ημερολογίου.
sla-calendar-delete = Διαγραφή αυτού του ημερολογίου
sla-calendar-in-use = Αυτό το ημερολόγιο χρησιμοποιείται από μια πολιτική. Αλλάξτε πρώτα την πολιτική.
sla-policy-new = Νέα πολιτική
sla-policies-order-hint = Οι πολιτικές ελέγχονται από πάνω προς τα κάτω· ισχύει η πρώτη της οποίας οι συνθήκες ταιριάζουν στο αίτημα.
sla-policies-empty = Δεν υπάρχουν ακόμη πολιτικές SLA.
sla-order = Σειρά
sla-calendar = Ημερολόγιο
sla-targets = Στόχοι
sla-active = Ενεργή
sla-inactive = Ανενεργή
sla-move-up = Μετακίνηση πάνω
sla-move-down = Μετακίνηση κάτω
sla-conditions = Ισχύει για
sla-conditions-hint = Αν δεν επιλεγεί ή δεν γραφτεί τίποτα, ισχύει για όλα. Χωρίστε πολλές ετικέτες, κατηγορίες ή περιοχές με κόμματα.
sla-channels = Κανάλια
sla-categories = Κατηγορίες
sla-regions = Περιοχές (ζώνη ώρας αιτούντος)
sla-targets-hint = Αφήστε ένα πεδίο κενό αν δεν υπάρχει τέτοιος στόχος. Ο χρόνος μετρά μόνο στις ώρες εργασίας του ημερολογίου.
sla-unit = Μονάδα
sla-unit-minutes = λεπ.
sla-unit-hours = ώρ.
sla-pause = Τα χρονόμετρα σταματούν σε
sla-warn = Προειδοποίηση
sla-warn-value = Όριο προειδοποίησης
sla-warn-default = στο 80% του χρόνου
sla-warn-percent = σε αυτό το % του χρόνου
sla-warn-minutes = τόσα λεπτά πριν από τη λήξη
sla-escalations = Βήματα κλιμάκωσης
sla-escalations-hint = Τι συμβαίνει όταν ένας στόχος φτάνει σε προειδοποίηση ή παραβίαση. Για να αφαιρέσετε ένα βήμα, ορίστε το «πότε» σε αχρησιμοποίητο.
sla-step-when = Πότε
sla-step-target = Στόχος
sla-step-action = Ενέργεια
sla-step-group = (ομάδα)
sla-step-agent = (εκπρόσωπος)
sla-step-unused = — αχρησιμοποίητο —
sla-on-warning = Σε προειδοποίηση
sla-on-breach = Σε παραβίαση
sla-action-notify_assignee = Ειδοποίηση του υπευθύνου
sla-action-notify_group = Ειδοποίηση της ομάδας
sla-action-notify_supervisors = Ειδοποίηση των επόπτων
sla-action-raise_priority = Αύξηση προτεραιότητας
sla-action-move_to_next_tier = Μεταφορά στο επόμενο επίπεδο
sla-action-move_to_group = Μεταφορά στην ομάδα
sla-action-reassign = Ανάθεση στον εκπρόσωπο

# Custom fields on the ticket panel
custom-field-add = Προσθήκη πεδίου
custom-field-name = Όνομα πεδίου
custom-field-value = Τιμή
