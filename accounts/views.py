from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def profile(request):
    """The user's own profile: a plain logged-in page (also the benchmark's floor)."""
    return render(request, "accounts/profile.html", {"profile_user": request.user})
