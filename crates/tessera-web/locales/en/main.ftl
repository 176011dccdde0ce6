# Tessera web UI — English (the reference: every other language has exactly these keys).

## Layout and navigation
skip-to-content = Skip to content
nav-menu = Menu
nav-main = Main
nav-tickets = Tickets
nav-admin = Administration
nav-settings = Settings
user-menu = Your account
sign-out = Sign out
search-label = Search
search-placeholder = Search tickets or #number
search-title = Search
search-results = { $count ->
    [one] { $count } ticket found
   *[other] { $count } tickets found
}
new-ticket = New ticket
go-back = Go back
close = Close
save = Save
cancel = Cancel
refresh = Refresh
actions = Actions
yes = Yes
no = No
details = Details
conversation = Conversation

## Sign in and sign up
sign-in = Sign in
sign-in-title = Sign in to the workspace
sign-up = Create account
sign-up-title = Create your account
portal-sign-in-title = Sign in to the help center
portal-link = Customer? Go to the help center
portal-no-account = No account yet?
portal-have-account = Already have an account?
login-failed = Wrong email or password.
login-locked = { $count ->
    [one] Too many failed sign-ins. Try again in { $count } minute.
   *[other] Too many failed sign-ins. Try again in { $count } minutes.
}
password-hint = At least 8 characters.
signup-password-mismatch = The two passwords are not the same.
signup-email-taken = An account with this email address already exists. Sign in instead.

## Errors
error-forbidden = Not allowed
error-forbidden-text = Your role does not allow this.
error-not-found = Not found
error-not-found-text = This page does not exist, or you may not see it.
error-csrf = Form expired
error-csrf-text = This form was not sent from a current page of yours. Reload the page and try again.
error-invalid = That did not work
error-unavailable = Temporarily unavailable
error-unavailable-text = The database is not answering. Try again in a moment.
error-internal = Something went wrong
error-internal-text = An unexpected error happened; it has been logged.

## Views and lists
views-title = Views
view-mine = My open tickets
view-unassigned = Unassigned
view-group = Group: { $name }
view-open = All open
view-recent = Recently updated
tickets-count = { $count ->
    [one] { $count } ticket
   *[other] { $count } tickets
}
list-empty = No tickets here. Nice work!
list-updated = New activity in this view.
bulk-label = Actions on selected tickets
bulk-set-status = Set status
bulk-set-priority = Set priority
bulk-add-tag = Add tag
bulk-invalid = Choose tickets and an action.
bulk-failed = { $count ->
    [one] { $count } ticket could not be changed.
   *[other] { $count } tickets could not be changed.
}
assign-to-me = Assign to me
select = Select
select-all = Select all
tag-placeholder = tag
tags-placeholder = billing, vpn
pager = Pages
page-first = First page
page-next = Next page
unassigned = Unassigned

## Fields
field-subject = Subject
field-description = Description
field-requester = Requester
field-requester-email = Requester email
field-requester-name = Requester name
field-requester_id = Requester
field-status = Status
field-type = Type
field-impact = Impact
field-urgency = Urgency
field-priority = Priority
field-category = Category
field-tags = Tags
field-assignee_id = Assignee
field-group_id = Group
field-tier = Tier
field-language = Language
field-channel = Channel
field-created = Created
field-updated = Updated
field-follow_up = Follow-up
field-follow_up_of = Follow-up of
field-name = Name
field-email = Email
field-password = Password
field-password-again = Password again
field-current_password = Current password
field-new_password = New password
field-time_zone = Time zone
field-role = Role
field-domains = Email domains
field-shares_tickets = Members see each other's tickets

## Values
status-new = New
status-open = Open
status-pending = Pending
status-on_hold = On hold
status-solved = Solved
status-closed = Closed
priority-urgent = Urgent
priority-high = High
priority-normal = Normal
priority-low = Low
priority-auto = Automatic (impact × urgency)
type-incident = Incident
type-service_request = Service request
type-question = Question
type-problem = Problem
type-change = Change
channel-api = API
channel-email = Email
channel-portal = Help center
channel-chat = Chat
channel-phone = Phone
channel-monitoring = Monitoring
channel-web = Agent workspace
impact-1 = 1 – Extensive
impact-2 = 2 – Significant
impact-3 = 3 – Moderate
impact-4 = 4 – Minor
urgency-1 = 1 – Critical
urgency-2 = 2 – High
urgency-3 = 3 – Medium
urgency-4 = 4 – Low
role-admin = Administrator
role-supervisor = Supervisor
role-agent = Agent
role-light_agent = Light agent
role-customer = Customer

## Ticket page
ticket-title = #{ $number } { $subject }
other-tickets = Other tickets
timeline-request = Request
timeline-reply = Reply
timeline-note = Internal note
author-support = Support team
actor-system = System
event-created = { $who } created the ticket via { $channel }
event-changed = { $who } changed { $field }: { $from } → { $to }
composer-kind = Kind of message
composer-reply = Public reply
composer-note = Internal note
composer-body = Message
composer-placeholder = Write your reply…
composer-note-hint = Internal notes are only visible to your team.
composer-markdown = Formatting: **bold**, *italic*, `code`, - lists, > quotes, links
composer-attach = Attach files
composer-status = Status after sending
composer-keep-status = Keep status
composer-send-as = Send as { $status }
composer-send = Send
presence-viewing = { $count ->
    [one] { $names } is also viewing
   *[other] { $names } are also viewing
}
presence-typing = { $count ->
    [one] { $names } is typing…
   *[other] { $names } are typing…
}

## New ticket
new-channel-web = Ticket
new-channel-phone = Log a phone call
create-ticket = Create ticket

## Keyboard shortcuts
shortcuts-title = Keyboard shortcuts
shortcut-next-prev = Next / previous ticket in a list
shortcut-open = Open the selected ticket
shortcut-reply = Reply
shortcut-note = Internal note
shortcut-assign = Assign to me
shortcut-solve = Solve
shortcut-search = Search
shortcut-help = Show this help

## Settings
settings-profile = Profile
settings-password = Password
settings-change-password = Change password
settings-saved = Saved.
language-auto = Browser language

## Customer portal
portal-name = Help center
portal-my-requests = My requests
portal-new-request = New request
portal-empty = You have no requests yet.
portal-describe = How can we help?
portal-submit = Submit request
portal-reply = Your reply
portal-follow-up = This request is closed. Your message will open a follow-up request.
portal-mark-solved = My problem is solved

## Administration
admin-users = Users
admin-groups = Groups
admin-organizations = Organizations
admin-tokens = API tokens
admin-find-user = Find by name or email
admin-new-user = New user
admin-new-group = New group
admin-new-organization = New organization
admin-members = Members
admin-create = Create
user-active = Active
user-inactive = Deactivated
user-activate = Activate
user-deactivate = Deactivate
token-new = New API token
token-owner = Owner
token-prefix = Starts with
token-last-used = Last used
token-revoke = Revoke
token-revoked = Revoked
token-shown-once = Copy this token now. It will not be shown again.

## Saved views
views-saved = Saved views
view-save = Save view
view-name = View name
view-columns = Columns
view-shared = Share with all agents
view-shared-badge = shared
view-rename = Rename view
view-delete = Delete view
view-invalid = This list cannot be saved as a view.
column-number = Number
column-subject = Subject
column-requester = Requester
column-status = Status
column-priority = Priority
column-assignee = Assignee
column-updated = Updated

## Instance settings
admin-settings = Settings
field-instance_name = Instance name
field-default_language = Default language
field-default_time_zone = Default time zone
admin-settings-help = The language and time zone apply to people who have not chosen their own.

# Ticket list filter panel
filter-title = Filter
filter-any-group = Any group
filter-assignee-any = Anyone
filter-assignee-me = Me
filter-assignee-nobody = Nobody (unassigned)
filter-days = Changed in the last days
filter-apply = Apply
filter-clear = Clear
view-filtered = Filtered tickets

## Background jobs (admin)
admin-jobs = Background jobs
jobs-queue-depth = Waiting to run
jobs-oldest-age = Longest wait
jobs-oldest-none = Nothing is waiting
jobs-by-kind = Jobs by kind
jobs-kind = Kind
jobs-job = Job
jobs-status-queued = Queued
jobs-status-running = Running
jobs-status-done = Done
jobs-status-dead = Failed
jobs-status-retrying = Retrying
jobs-none = No jobs yet.
jobs-failures = Recent failures
jobs-failures-none = No job has failed recently.
jobs-attempts = Attempts
jobs-last-error = Last error
jobs-time = Time
jobs-next-attempt = Next attempt
jobs-retry = Retry now
jobs-retried = The job is queued again and will run shortly.
jobs-age-seconds = { $count ->
    [one] { $count } second
   *[other] { $count } seconds
}
jobs-age-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}

## SLA: ticket page, queue, notifications, reports, administration
field-priority_override = Priority (set by hand)
nav-reports = Reports
column-sla = SLA
sla-title = SLA
sla-none = No SLA policy applies to this ticket.
sla-always = Around the clock (24/7)
sla-explain = How these times were computed
sla-met-at = met { $time }
sla-due-in = in { $time }
sla-overdue-by = overdue by { $time }
sla-dur-days = { $n } d
sla-dur-hours = { $n } h
sla-dur-minutes = { $n } min
sla-health-ok = On track
sla-health-warning = Due soon
sla-health-breached = Breached
sla-health-paused = Paused
sla-health-met = Met
sla-target-first_response = First response
sla-target-next_response = Next response
sla-target-periodic_update = Periodic update
sla-target-resolution = Resolution
sla-target-any = Any target
escalate-title = Escalate to next tier
escalate-reason = Reason for escalating
escalate-submit = Escalate
event-sla-warning = SLA warning: { $target } is due soon
event-sla-breach = SLA breached: { $target } is overdue
event-sla-escalation = Escalated by the SLA policy: { $detail }
event-escalated = { $who } escalated the ticket: { $detail }
notifications-title = Notifications
notifications-unread = { $count ->
    [one] { $count } unread notification
   *[other] { $count } unread notifications
}
notifications-mark-all = Mark all as read
notifications-empty = No notifications yet.
notifications-new = New:
notification-kind-sla_warning = SLA warning
notification-kind-sla_breach = SLA breach
notification-kind-escalated = Escalated
notification-kind-other = Notice
report-sla-title = SLA compliance
report-from = From
report-to = To
report-group-by = Group by
report-group-policy = Policy
report-group-priority = Priority
report-group-group = Group
report-show = Show report
report-zone-hint = Days are counted in { $zone }. Durations are business time on each policy's calendar.
report-empty = No tickets were created in this period.
report-group = Group
report-tickets = Tickets
report-breaches = Breaches
report-median-first = Median first response
report-median-resolution = Median resolution
report-percent = { $value } %
report-no-policy = No policy
report-no-group = None
report-bad-date = The { $field } date must look like 2026-03-31.
admin-sla-calendars = SLA calendars
admin-sla-policies = SLA policies
sla-delete = Delete
sla-form-error = Please check “{ $field }”: { $message }
weekday-monday = Monday
weekday-tuesday = Tuesday
weekday-wednesday = Wednesday
weekday-thursday = Thursday
weekday-friday = Friday
weekday-saturday = Saturday
weekday-sunday = Sunday
weekday-short-monday = Mon
weekday-short-tuesday = Tue
weekday-short-wednesday = Wed
weekday-short-thursday = Thu
weekday-short-friday = Fri
weekday-short-saturday = Sat
weekday-short-sunday = Sun
sla-calendar-new = New calendar
sla-calendars-empty = No business calendars yet. Policies without one count around the clock.
sla-time-zone = Time zone
sla-hours = Working hours
sla-hours-hint = Per day, intervals like 09:00-17:00, 18:00-22:00. An end before the start is an overnight shift (22:00-06:00). Leave a day empty if nobody works.
sla-always-toggle = Around the clock (24/7): ignore the hours and holidays
sla-holidays = Holidays
sla-holidays-hint = One a line: 2026-12-24 Christmas Eve for one day, or 12-25 Christmas for every year.
sla-preview-title = Preview
sla-preview-no-policies = Create a policy to see when its tickets would be due on this calendar.
sla-policy = Policy
sla-preview-show = Show due times
sla-preview-no-targets = This policy has no targets for that priority.
sla-preview-summary = A ticket with priority { $priority } opened now ({ $time }) would be due:
sla-times-in-zone = Times are shown in { $zone }.
sla-import-title = Import holidays (iCalendar)
sla-import-file = .ics file
sla-import-paste = …or paste its text
sla-import-submit = Import
sla-import-empty = Choose a file or paste the calendar's text.
sla-calendar-delete = Delete this calendar
sla-calendar-in-use = This calendar is used by a policy. Change the policy first.
sla-policy-new = New policy
sla-policies-order-hint = Policies are tried from the top; the first one whose conditions match a ticket applies.
sla-policies-empty = No SLA policies yet.
sla-order = Order
sla-calendar = Calendar
sla-targets = Targets
sla-active = Active
sla-inactive = Inactive
sla-move-up = Move up
sla-move-down = Move down
sla-conditions = Applies to
sla-conditions-hint = Nothing ticked or typed means any. Separate several tags, categories or regions with commas.
sla-channels = Channels
sla-categories = Categories
sla-regions = Regions (requester's time zone)
sla-targets-hint = Leave a box empty for no such target. Times count only during the calendar's working hours.
sla-unit = Unit
sla-unit-minutes = min
sla-unit-hours = h
sla-pause = Clocks pause in
sla-warn = Warn
sla-warn-value = Warning amount
sla-warn-default = at 80 % of the time
sla-warn-percent = at this % of the time
sla-warn-minutes = this many minutes before
sla-escalations = Escalation steps
sla-escalations-hint = What happens when a target warns or breaches. Set “when” to unused to remove a step.
sla-step-when = When
sla-step-target = Target
sla-step-action = Action
sla-step-group = (group)
sla-step-agent = (agent)
sla-step-unused = — unused —
sla-on-warning = On warning
sla-on-breach = On breach
sla-action-notify_assignee = Notify the assignee
sla-action-notify_group = Notify the group
sla-action-notify_supervisors = Notify supervisors
sla-action-raise_priority = Raise the priority
sla-action-move_to_next_tier = Move to the next tier
sla-action-move_to_group = Move to the group
sla-action-reassign = Reassign to the agent

# Custom fields on the ticket panel
custom-field-add = Add a field
custom-field-name = Field name
custom-field-value = Value
