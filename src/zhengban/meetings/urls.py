from django.urls import path

from . import views

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/", views.meeting_page, name="meeting_page"),
    path("<int:pk>/sign-in/", views.sign_in, name="meeting_sign_in"),
    path("<int:pk>/minutes/", views.save_minutes, name="meeting_minutes"),
    path("<int:pk>/ical", views.meeting_ical_file, name="meeting_ical"),
    path("<int:pk>/minutes.<str:fmt>", views.minutes_file, name="meeting_minutes_file"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/new/", views.topic_new, name="topic_new"),
    path("topics/<int:pk>/schedule/", views.topic_schedule, name="topic_schedule"),
    path("rooms/", views.rooms, name="meeting_rooms"),
    path("bookings/<int:pk>/cancel/", views.cancel_booking, name="meeting_booking_cancel"),
]
