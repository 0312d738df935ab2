# Working-day calendar and SLA deadline engine (owned by the calendar work; included by
# src/core/CMakeLists.txt). Paths are relative to src/core. Standard library only.
set(MINSHENG_CALENDAR_SOURCES
  calendar/calendar_data.cc
  calendar/working_calendar.cc
  calendar/sla.cc
)
set(MINSHENG_CALENDAR_TESTS
  calendar/calendar_data_test.cc
  calendar/working_calendar_test.cc
  calendar/sla_test.cc
  calendar/shipped_calendar_test.cc
)
