//! Time zones as a seller names them: by city and country ("Beijing — China (Asia/Shanghai)"),
//! for the window's picker and for `--timezone Beijing` on the command line. The case still
//! stores the IANA name; a city is only a way to find it.

use chrono_tz::Tz;
use serde::Serialize;

use crate::locale::Lang;

/// One city a seller may look for: its zone, and its name and country in each language.
struct City {
    zone: &'static str,
    en: &'static str,
    zh: &'static str,
    country_en: &'static str,
    country_zh: &'static str,
}

const fn city(
    zone: &'static str,
    en: &'static str,
    zh: &'static str,
    country_en: &'static str,
    country_zh: &'static str,
) -> City {
    City { zone, en, zh, country_en, country_zh }
}

/// Where AliExpress sellers and their bookkeepers are: several Chinese cities share one zone,
/// and each is listed so the seller finds their own.
const CITIES: &[City] = &[
    city("Asia/Shanghai", "Beijing", "北京", "China", "中国"),
    city("Asia/Shanghai", "Shanghai", "上海", "China", "中国"),
    city("Asia/Shanghai", "Shenzhen", "深圳", "China", "中国"),
    city("Asia/Shanghai", "Guangzhou", "广州", "China", "中国"),
    city("Asia/Shanghai", "Hangzhou", "杭州", "China", "中国"),
    city("Asia/Shanghai", "Yiwu", "义乌", "China", "中国"),
    city("Asia/Shanghai", "Chengdu", "成都", "China", "中国"),
    city("Asia/Shanghai", "Chongqing", "重庆", "China", "中国"),
    city("Asia/Urumqi", "Urumqi", "乌鲁木齐", "China", "中国"),
    city("Asia/Hong_Kong", "Hong Kong", "香港", "China", "中国"),
    city("Asia/Macau", "Macau", "澳门", "China", "中国"),
    city("Asia/Taipei", "Taipei", "台北", "China", "中国"),
    city("Asia/Singapore", "Singapore", "新加坡", "Singapore", "新加坡"),
    city("Asia/Kuala_Lumpur", "Kuala Lumpur", "吉隆坡", "Malaysia", "马来西亚"),
    city("Asia/Bangkok", "Bangkok", "曼谷", "Thailand", "泰国"),
    city("Asia/Ho_Chi_Minh", "Ho Chi Minh City", "胡志明市", "Vietnam", "越南"),
    city("Asia/Jakarta", "Jakarta", "雅加达", "Indonesia", "印度尼西亚"),
    city("Asia/Manila", "Manila", "马尼拉", "Philippines", "菲律宾"),
    city("Asia/Seoul", "Seoul", "首尔", "South Korea", "韩国"),
    city("Asia/Tokyo", "Tokyo", "东京", "Japan", "日本"),
    city("Asia/Kolkata", "New Delhi", "新德里", "India", "印度"),
    city("Asia/Dubai", "Dubai", "迪拜", "United Arab Emirates", "阿联酋"),
    city("Asia/Jerusalem", "Jerusalem", "耶路撒冷", "Israel", "以色列"),
    city("Europe/Istanbul", "Istanbul", "伊斯坦布尔", "Türkiye", "土耳其"),
    city("Europe/Moscow", "Moscow", "莫斯科", "Russia", "俄罗斯"),
    city("Europe/London", "London", "伦敦", "United Kingdom", "英国"),
    city("Europe/Dublin", "Dublin", "都柏林", "Ireland", "爱尔兰"),
    city("Europe/Lisbon", "Lisbon", "里斯本", "Portugal", "葡萄牙"),
    city("Europe/Madrid", "Madrid", "马德里", "Spain", "西班牙"),
    city("Europe/Madrid", "Barcelona", "巴塞罗那", "Spain", "西班牙"),
    city("Europe/Paris", "Paris", "巴黎", "France", "法国"),
    city("Europe/Paris", "Lyon", "里昂", "France", "法国"),
    city("Europe/Paris", "Marseille", "马赛", "France", "法国"),
    city("Europe/Brussels", "Brussels", "布鲁塞尔", "Belgium", "比利时"),
    city("Europe/Amsterdam", "Amsterdam", "阿姆斯特丹", "Netherlands", "荷兰"),
    city("Europe/Luxembourg", "Luxembourg", "卢森堡", "Luxembourg", "卢森堡"),
    city("Europe/Berlin", "Berlin", "柏林", "Germany", "德国"),
    city("Europe/Berlin", "Frankfurt", "法兰克福", "Germany", "德国"),
    city("Europe/Zurich", "Zurich", "苏黎世", "Switzerland", "瑞士"),
    city("Europe/Vienna", "Vienna", "维也纳", "Austria", "奥地利"),
    city("Europe/Rome", "Rome", "罗马", "Italy", "意大利"),
    city("Europe/Rome", "Milan", "米兰", "Italy", "意大利"),
    city("Europe/Copenhagen", "Copenhagen", "哥本哈根", "Denmark", "丹麦"),
    city("Europe/Stockholm", "Stockholm", "斯德哥尔摩", "Sweden", "瑞典"),
    city("Europe/Oslo", "Oslo", "奥斯陆", "Norway", "挪威"),
    city("Europe/Helsinki", "Helsinki", "赫尔辛基", "Finland", "芬兰"),
    city("Europe/Warsaw", "Warsaw", "华沙", "Poland", "波兰"),
    city("Europe/Prague", "Prague", "布拉格", "Czechia", "捷克"),
    city("Europe/Budapest", "Budapest", "布达佩斯", "Hungary", "匈牙利"),
    city("Europe/Bucharest", "Bucharest", "布加勒斯特", "Romania", "罗马尼亚"),
    city("Europe/Athens", "Athens", "雅典", "Greece", "希腊"),
    city("Europe/Kyiv", "Kyiv", "基辅", "Ukraine", "乌克兰"),
    city("Africa/Cairo", "Cairo", "开罗", "Egypt", "埃及"),
    city("Africa/Casablanca", "Casablanca", "卡萨布兰卡", "Morocco", "摩洛哥"),
    city("Africa/Lagos", "Lagos", "拉各斯", "Nigeria", "尼日利亚"),
    city("Africa/Nairobi", "Nairobi", "内罗毕", "Kenya", "肯尼亚"),
    city("Africa/Johannesburg", "Johannesburg", "约翰内斯堡", "South Africa", "南非"),
    city("America/New_York", "New York", "纽约", "United States", "美国"),
    city("America/Chicago", "Chicago", "芝加哥", "United States", "美国"),
    city("America/Denver", "Denver", "丹佛", "United States", "美国"),
    city("America/Los_Angeles", "Los Angeles", "洛杉矶", "United States", "美国"),
    city("America/Toronto", "Toronto", "多伦多", "Canada", "加拿大"),
    city("America/Vancouver", "Vancouver", "温哥华", "Canada", "加拿大"),
    city("America/Mexico_City", "Mexico City", "墨西哥城", "Mexico", "墨西哥"),
    city("America/Bogota", "Bogotá", "波哥大", "Colombia", "哥伦比亚"),
    city("America/Lima", "Lima", "利马", "Peru", "秘鲁"),
    city("America/Santiago", "Santiago", "圣地亚哥", "Chile", "智利"),
    city("America/Sao_Paulo", "São Paulo", "圣保罗", "Brazil", "巴西"),
    city("America/Argentina/Buenos_Aires", "Buenos Aires", "布宜诺斯艾利斯", "Argentina", "阿根廷"),
    city("Australia/Sydney", "Sydney", "悉尼", "Australia", "澳大利亚"),
    city("Australia/Melbourne", "Melbourne", "墨尔本", "Australia", "澳大利亚"),
    city("Australia/Perth", "Perth", "珀斯", "Australia", "澳大利亚"),
    city("Pacific/Auckland", "Auckland", "奥克兰", "New Zealand", "新西兰"),
    // The zone of stores registered elsewhere (`OTHER`), which no city keeps all year.
    city("UTC", "UTC", "UTC", "Coordinated Universal Time", "协调世界时"),
];

/// One entry of the window's time-zone picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneChoice {
    /// The IANA name the case stores (`Asia/Shanghai`); several cities share one.
    pub zone: String,
    /// `Beijing — China (Asia/Shanghai)`, `北京 — 中国 (Asia/Shanghai)`.
    pub label: String,
}

/// Every city of the picker in `lang`, by country and then city as that language sorts them
/// (Chinese by the characters' code points, close enough to keep a country's cities together),
/// with `current` added under its IANA name when no city is in that zone (a zone set from the
/// command line).
pub fn choices(lang: Lang, current: Option<Tz>) -> Vec<ZoneChoice> {
    let mut list: Vec<(String, String, ZoneChoice)> = CITIES
        .iter()
        .map(|c| {
            let (name, country) = if lang == Lang::ZhCn { (c.zh, c.country_zh) } else { (c.en, c.country_en) };
            let label = format!("{name} — {country} ({})", c.zone);
            (country.to_owned(), name.to_owned(), ZoneChoice { zone: c.zone.to_owned(), label })
        })
        .collect();
    list.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let mut choices: Vec<ZoneChoice> = list.into_iter().map(|(_, _, choice)| choice).collect();
    if let Some(tz) = current.filter(|tz| !CITIES.iter().any(|c| c.zone == tz.name())) {
        choices.insert(0, ZoneChoice { zone: tz.name().to_owned(), label: tz.name().to_owned() });
    }
    choices
}

/// The zone of a city named in either language (`Beijing`, `北京`, `são paulo`), ignoring case
/// and surrounding spaces.
pub fn by_city(name: &str) -> Option<Tz> {
    let name = name.trim();
    CITIES.iter().find(|c| c.en.eq_ignore_ascii_case(name) || c.zh == name).and_then(|c| c.zone.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_city_names_a_zone_chrono_tz_knows() {
        for c in CITIES {
            assert!(c.zone.parse::<Tz>().is_ok(), "{}", c.zone);
        }
    }

    #[test]
    fn every_regions_default_zone_can_be_picked() {
        for region in crate::model::Region::ALL {
            let zone = region.default_timezone().name();
            assert!(choices(Lang::ZhCn, None).iter().any(|c| c.zone == zone), "{zone}");
        }
    }

    #[test]
    fn cities_are_found_by_either_name() {
        assert_eq!(by_city(" beijing "), Some(chrono_tz::Asia::Shanghai));
        assert_eq!(by_city("北京"), Some(chrono_tz::Asia::Shanghai));
        assert_eq!(by_city("Paris"), Some(chrono_tz::Europe::Paris));
        assert_eq!(by_city("Atlantis"), None);
    }

    #[test]
    fn labels_read_in_the_language_and_a_listless_zone_is_kept() {
        let en = choices(Lang::En, None);
        assert!(en.iter().any(|c| c.label == "Beijing — China (Asia/Shanghai)"));
        let zh = choices(Lang::ZhCn, None);
        assert!(zh.iter().any(|c| c.label == "北京 — 中国 (Asia/Shanghai)"));
        assert_eq!(en.len(), CITIES.len());
        let kathmandu: Tz = "Asia/Kathmandu".parse().unwrap();
        let unlisted = choices(Lang::En, Some(kathmandu));
        assert_eq!(unlisted[0], ZoneChoice { zone: "Asia/Kathmandu".into(), label: "Asia/Kathmandu".into() });
        assert_eq!(choices(Lang::En, Some(chrono_tz::Asia::Shanghai)).len(), CITIES.len());
    }
}
