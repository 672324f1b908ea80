import type { RouteRecordRaw } from 'vue-router';
import { resourceRoutes } from '../resources/index.ts';
import { secondStepGuard } from './second-step-guard.ts';

// Pages load on demand: the first screen downloads only what it shows.
export const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('../pages/LoginPage.vue'), meta: { guestOnly: true, title: 'Sign in' } },
  // The second step of a sign-in whose password was right; reached only from the login form.
  {
    path: '/login/verify',
    component: () => import('../pages/SecondFactorPage.vue'),
    meta: { guestOnly: true, title: 'Two-step verification' },
    beforeEnter: secondStepGuard,
  },
  {
    path: '/register',
    component: () => import('../pages/RegisterPage.vue'),
    meta: { guestOnly: true, title: 'Create account' },
  },
  {
    path: '/forgot-password',
    component: () => import('../pages/ForgotPasswordPage.vue'),
    meta: { guestOnly: true, title: 'Reset password' },
  },
  // Reached from an email, signed in or not ("Set a password" on the security page sends one to a
  // signed-in person). `anyone`: the reset ends this browser's session too, and the page itself
  // goes on to /login?reset=1 — sign-out must not first send it to a bare /login.
  {
    path: '/reset-password',
    component: () => import('../pages/ResetPasswordPage.vue'),
    meta: { anyone: true, title: 'Choose a new password' },
  },
  { path: '/verify-email', component: () => import('../pages/VerifyEmailPage.vue'), meta: { title: 'Verify email' } },
  {
    path: '/confirm-email',
    component: () => import('../pages/ConfirmEmailPage.vue'),
    meta: { anyone: true, title: 'Confirm new email address' },
  },
  {
    path: '/accept-invitation',
    component: () => import('../pages/AcceptInvitationPage.vue'),
    // Signed in or not: it shows the invitation, then offers sign-in, sign-up or switching account.
    meta: { anyone: true, title: 'Join organization' },
  },

  { path: '/', component: () => import('../pages/DashboardPage.vue'), meta: { requiresAuth: true, title: 'Home' } },
  {
    path: '/devices',
    component: () => import('../pages/DevicesPage.vue'),
    meta: { requiresAuth: true, title: 'Devices' },
  },
  {
    path: '/new-organization',
    component: () => import('../pages/NewOrgPage.vue'),
    meta: { requiresAuth: true, title: 'Create organization' },
  },
  {
    path: '/profile',
    component: () => import('../pages/ProfilePage.vue'),
    meta: { requiresAuth: true, title: 'Profile' },
  },
  {
    path: '/security',
    component: () => import('../pages/SecurityPage.vue'),
    meta: { requiresAuth: true, title: 'Security' },
  },
  {
    path: '/orgs/:orgId',
    meta: { requiresAuth: true },
    children: [
      { path: '', redirect: (to) => `/orgs/${String(to.params.orgId)}/posts` },
      // The generated resources' pages (`pnpm generate`), posts among them.
      ...resourceRoutes.map((route) => route.record),
      {
        path: 'members',
        name: 'members',
        component: () => import('../pages/MembersPage.vue'),
        meta: { permission: 'members.read', title: 'Members' },
      },
      {
        path: 'roles',
        name: 'roles',
        component: () => import('../pages/RolesPage.vue'),
        meta: { permission: 'roles.read', title: 'Roles' },
      },
      {
        path: 'settings',
        name: 'org-settings',
        component: () => import('../pages/OrgSettingsPage.vue'),
        // Every member may open it to leave; renaming, the policy and deleting show by permission.
        meta: { permission: 'org.read', title: 'Organization settings' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('../pages/AuditPage.vue'),
        meta: { permission: 'audit.read', title: 'Audit log' },
      },
    ],
  },
  {
    path: '/admin/users',
    component: () => import('../pages/AdminUsersPage.vue'),
    meta: { requiresAuth: true, platformPermission: 'users.read', title: 'Users' },
  },
  {
    path: '/admin/users/:userId',
    component: () => import('../pages/AdminUserPage.vue'),
    meta: { requiresAuth: true, platformPermission: 'users.read', title: 'User' },
  },

  // All three match any path; the first wins when matching a URL, the others are only reached by
  // name (see special-routes.ts), so a 403 keeps the address that was asked for.
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../pages/NotFoundPage.vue'),
    meta: { title: 'Not found' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'forbidden',
    component: () => import('../pages/ForbiddenPage.vue'),
    meta: { title: 'Not allowed' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'mfa-required',
    component: () => import('../pages/MfaRequiredPage.vue'),
    meta: { title: 'Two-factor authentication required' },
  },
];
