// DiffGen corpus — astronomical algorithms written in the style of an astronomy library (see ../../NOTICE.md).
using System;
using System.Diagnostics;
using DiffGen;

namespace Corpus.Astronomy
{
    public static partial class Ephemeris
    {
        private const double DEG2RAD = 0.017453292519943296;
        private const double RAD2DEG = 57.295779513082321;
        private const double ASEC2RAD = 4.848136811095359935899141e-6;
        private const double J2000 = 2451545.0;
        private const double DaysPerJulianCentury = 36525.0;
        private const double AU_PER_LY = 63241.07708807546;

        private static readonly double[] MeanObliquityTerms = { 84381.406, -46.836769, -0.0001831, 0.00200340, -0.000000576, -0.0000000434 };

        [Differentiable]
        public static double JulianCenturies(double jd) => (jd - J2000) / DaysPerJulianCentury;

        [Differentiable]
        public static double MeanObliquity(double t)
        {
            double asec = MeanObliquityTerms[5];
            for (int i = 4; i >= 0; i--)
            {
                asec = asec * t + MeanObliquityTerms[i];
            }

            return asec / 3600.0;
        }

        [Differentiable]
        public static double MeanObliquityInline(double t)
        {
            double asec = ((((-0.0000000434 * t - 0.000000576) * t + 0.00200340) * t - 0.0001831) * t - 46.836769) * t + 84381.406;
            return asec / 3600.0;
        }

        [Differentiable]
        public static double NormalizeLongitude(double lon)
        {
            while (lon < 0.0) lon += 360.0;
            while (lon >= 360.0) lon -= 360.0;
            return lon;
        }

        [Differentiable]
        public static double LongitudeOffset(double diff)
        {
            double offset = 0.0;
            while (diff + offset <= -180.0) offset += 360.0;
            while (diff + offset > 180.0) offset -= 360.0;
            return offset;
        }

        [Differentiable]
        public static double SunMeanLongitude(double t) => NormalizeLongitude(280.46646 + t * (36000.76983 + t * 0.0003032));

        [Differentiable]
        public static double SunMeanAnomaly(double t) => 357.52911 + t * (35999.05029 - 0.0001537 * t);

        [Differentiable]
        public static double EarthEccentricity(double t) => 0.016708634 - t * (0.000042037 + 0.0000001267 * t);

        [Differentiable]
        public static double SunEquationOfCenter(double t)
        {
            double m = SunMeanAnomaly(t) * DEG2RAD;
            return Math.Sin(m) * (1.914602 - t * (0.004817 + 0.000014 * t)) + Math.Sin(2 * m) * (0.019993 - 0.000101 * t) + Math.Sin(3 * m) * 0.000289;
        }

        [Differentiable]
        public static double SunTrueLongitude(double t) => SunMeanLongitude(t) + SunEquationOfCenter(t);

        [Differentiable]
        public static double SunApparentLongitude(double t)
        {
            double omega = 125.04 - 1934.136 * t;
            return SunTrueLongitude(t) - 0.00569 - 0.00478 * Math.Sin(omega * DEG2RAD);
        }

        [Differentiable]
        public static double SunDeclination(double t)
        {
            double e = MeanObliquityInline(t) * DEG2RAD;
            double lambda = SunApparentLongitude(t) * DEG2RAD;
            return Math.Asin(Math.Sin(e) * Math.Sin(lambda)) * RAD2DEG;
        }

        [Differentiable]
        public static double SunRightAscension(double t)
        {
            double e = MeanObliquityInline(t) * DEG2RAD;
            double lambda = SunApparentLongitude(t) * DEG2RAD;
            return Math.Atan2(Math.Cos(e) * Math.Sin(lambda), Math.Cos(lambda)) * RAD2DEG;
        }

        [Differentiable]
        public static double EquationOfTime(double t)
        {
            double e = MeanObliquityInline(t) * DEG2RAD;
            double y = Math.Tan(e / 2);
            y *= y;
            double l0 = SunMeanLongitude(t) * DEG2RAD;
            double ecc = EarthEccentricity(t);
            double m = SunMeanAnomaly(t) * DEG2RAD;
            double eq = y * Math.Sin(2 * l0) - 2 * ecc * Math.Sin(m) + 4 * ecc * y * Math.Sin(m) * Math.Cos(2 * l0) - 0.5 * y * y * Math.Sin(4 * l0) - 1.25 * ecc * ecc * Math.Sin(2 * m);
            return 4 * eq * RAD2DEG;
        }

        [Differentiable]
        public static double SunRadiusVector(double t)
        {
            double e = EarthEccentricity(t);
            double v = (SunMeanAnomaly(t) + SunEquationOfCenter(t)) * DEG2RAD;
            return 1.000001018 * (1 - e * e) / (1 + e * Math.Cos(v));
        }

        [Differentiable]
        public static double SolarElevation(double latDeg, double decDeg, double hourAngleDeg)
        {
            double lat = latDeg * DEG2RAD, dec = decDeg * DEG2RAD, h = hourAngleDeg * DEG2RAD;
            return Math.Asin(Math.Sin(lat) * Math.Sin(dec) + Math.Cos(lat) * Math.Cos(dec) * Math.Cos(h)) * RAD2DEG;
        }

        [Differentiable]
        public static double SolarAzimuth(double latDeg, double decDeg, double hourAngleDeg)
        {
            double lat = latDeg * DEG2RAD, dec = decDeg * DEG2RAD, h = hourAngleDeg * DEG2RAD;
            double az = Math.Atan2(Math.Sin(h), Math.Cos(h) * Math.Sin(lat) - Math.Tan(dec) * Math.Cos(lat));
            return NormalizeLongitude(az * RAD2DEG + 180.0);
        }

        [Differentiable]
        public static double SunriseHourAngle(double latDeg, double decDeg)
        {
            double lat = latDeg * DEG2RAD, dec = decDeg * DEG2RAD;
            double cosH = (Math.Cos(90.833 * DEG2RAD) / (Math.Cos(lat) * Math.Cos(dec))) - Math.Tan(lat) * Math.Tan(dec);
            if (cosH < -1 || cosH > 1)
            {
                throw new InvalidOperationException("The sun does not rise or set on this day.");
            }

            return Math.Acos(cosH) * RAD2DEG;
        }

        [Differentiable]
        public static double GreenwichMeanSiderealTime(double jd)
        {
            double t = JulianCenturies(jd);
            double theta = 280.46061837 + 360.98564736629 * (jd - J2000) + t * t * (0.000387933 - t / 38710000.0);
            return NormalizeLongitude(theta);
        }

        [Differentiable]
        public static double KeplerSolve(double meanAnomaly, double e)
        {
            Debug.Assert(e >= 0 && e < 1, "elliptic orbits only");
            double ea = e < 0.8 ? meanAnomaly : Math.PI;
            for (int i = 0; i < 50; i++)
            {
                double f = ea - e * Math.Sin(ea) - meanAnomaly;
                double delta = f / (1 - e * Math.Cos(ea));
                ea -= delta;
                if (Math.Abs(delta) < 1e-15) break;
            }

            return ea;
        }

        [Differentiable]
        public static double TrueAnomaly(double meanAnomaly, double e)
        {
            double ea = KeplerSolve(meanAnomaly, e);
            return 2 * Math.Atan2(Math.Sqrt(1 + e) * Math.Sin(ea / 2), Math.Sqrt(1 - e) * Math.Cos(ea / 2));
        }

        [Differentiable]
        public static double OrbitRadius(double a, double e, double trueAnomaly) => a * (1 - e * e) / (1 + e * Math.Cos(trueAnomaly));

        [Differentiable]
        public static double AngularSeparation(double ra1, double dec1, double ra2, double dec2)
        {
            double s = Math.Sin(dec1 * DEG2RAD) * Math.Sin(dec2 * DEG2RAD) + Math.Cos(dec1 * DEG2RAD) * Math.Cos(dec2 * DEG2RAD) * Math.Cos((ra1 - ra2) * DEG2RAD);
            if (s > 1) s = 1;
            if (s < -1) s = -1;
            return Math.Acos(s) * RAD2DEG;
        }

        [Differentiable]
        public static double HaversineSeparation(double ra1, double dec1, double ra2, double dec2)
        {
            double d1 = dec1 * DEG2RAD, d2 = dec2 * DEG2RAD;
            double sdd = Math.Sin((d2 - d1) / 2), sda = Math.Sin((ra2 - ra1) * DEG2RAD / 2);
            return 2 * Math.Asin(Math.Sqrt(sdd * sdd + Math.Cos(d1) * Math.Cos(d2) * sda * sda)) * RAD2DEG;
        }

        [Differentiable]
        public static double RefractionBennett(double altitudeDeg)
        {
            if (altitudeDeg < -1.0) return 0.0;
            double arcmin = 1.0 / Math.Tan((altitudeDeg + 7.31 / (altitudeDeg + 4.4)) * DEG2RAD);
            return arcmin / 60.0;
        }

        [Differentiable]
        public static double Airmass(double zenithDeg) => 1.0 / (Math.Cos(zenithDeg * DEG2RAD) + 0.50572 * Math.Pow(96.07995 - zenithDeg, -1.6364));

        [Differentiable]
        public static double DistanceModulus(double parsecs) => 5 * Math.Log10(parsecs) - 5;

        [Differentiable]
        public static double AbsoluteMagnitude(double apparent, double parsecs) => apparent - DistanceModulus(parsecs);

        [Differentiable]
        public static double LightYearsToAu(double ly) => ly * AU_PER_LY;

        [Differentiable]
        public static double MoonIllumination(double phaseAngleDeg) => (1 + Math.Cos(phaseAngleDeg * DEG2RAD)) / 2;

        [Differentiable]
        public static double EclipticToEquatorialDec(double lonDeg, double latDeg, double oblDeg)
        {
            double l = lonDeg * DEG2RAD, b = latDeg * DEG2RAD, e = oblDeg * DEG2RAD;
            return Math.Asin(Math.Sin(b) * Math.Cos(e) + Math.Cos(b) * Math.Sin(e) * Math.Sin(l)) * RAD2DEG;
        }

        [Differentiable]
        public static double PrecessionZeta(double t) => (2306.2181 * t + 0.30188 * t * t + 0.017998 * t * t * t) * ASEC2RAD;

        [Differentiable]
        public static double NutationLongitude(double t)
        {
            double omega = (125.04452 - 1934.136261 * t) * DEG2RAD;
            double l = (280.4665 + 36000.7698 * t) * DEG2RAD;
            double lp = (218.3165 + 481267.8813 * t) * DEG2RAD;
            return (-17.20 * Math.Sin(omega) - 1.32 * Math.Sin(2 * l) - 0.23 * Math.Sin(2 * lp) + 0.21 * Math.Sin(2 * omega)) / 3600.0;
        }

        [Differentiable]
        public static double DeltaTPolynomial(double year)
        {
            double t = year - 2000;
            if (year < 2005) return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t;
            if (year < 2050) return 62.92 + 0.32217 * t + 0.005589 * t * t;
            double u = (year - 1820) / 100;
            return -20 + 32 * u * u - 0.5628 * (2150 - year);
        }

        [Differentiable]
        public static double SiderealToSolar(double hours) => hours * 0.9972695663;

        [Differentiable]
        public static void SunPosition(double t, out double ra, out double dec)
        {
            ra = SunRightAscension(t);
            dec = SunDeclination(t);
        }

        [Differentiable]
        public static double SunAltitudeAt(double t, double latDeg, double hourAngleDeg)
        {
            SunPosition(t, out double ra, out double dec);
            return SolarElevation(latDeg, dec, hourAngleDeg) + 0 * ra;
        }

        [Differentiable]
        public static double HorizonDip(double heightMeters) => 1.76 * Math.Sqrt(heightMeters) / 60.0;

        [Differentiable]
        public static double Parallax(double distanceAu) => Math.Asin(4.26352e-5 / distanceAu) * RAD2DEG;
    }
}
